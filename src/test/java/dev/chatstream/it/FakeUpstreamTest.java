package dev.chatstream.it;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;

/**
 * Starts the fake OpenAI server on the port the build reserved, before the deployment is used.
 * One server serves every test class of the run and stays bound until the JVM exits: closing and
 * binding it again between classes left a window in which an outgoing connection could take the
 * port as its ephemeral port (seen once as "Address already in use"). Tests tell their calls
 * apart by unique markers, so the calls of earlier classes do not disturb them.
 */
abstract class FakeUpstreamTest {

    static FakeOpenAi upstream;

    @BeforeAll
    static synchronized void startUpstream() throws IOException {
        if (upstream == null) {
            upstream = new FakeOpenAi(Integer.getInteger("fake.upstream.port"));
        }
    }
}

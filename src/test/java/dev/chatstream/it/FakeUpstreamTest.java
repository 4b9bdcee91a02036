package dev.chatstream.it;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Starts the fake OpenAI server on the port the build reserved, before the deployment is used. */
abstract class FakeUpstreamTest {

    static FakeOpenAi upstream;

    @BeforeAll
    static void startUpstream() throws IOException {
        if (upstream == null) {
            upstream = new FakeOpenAi(Integer.getInteger("fake.upstream.port"));
        }
    }

    @AfterAll
    static void stopUpstream() throws IOException {
        upstream.close();
        upstream = null;
    }
}

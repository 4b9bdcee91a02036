package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

/**
 * A group of tests that shares one running server with other groups (see {@link Servers}). Each
 * group says which server it was written for; a test class that runs the same group against
 * another server product (WildFlyIT) names its own.
 */
abstract class ServerCases extends FakeUpstreamTest {

    final URL deployment = Servers.of(server());

    /** The server's name, as in {@code it.port.<name>}. */
    abstract String server();

    /** Where this group's server says it is ready ({@link Servers#health}). */
    String health() {
        return Servers.health(Api.root(deployment)).toString();
    }

    /**
     * The stream's body is nothing but frames of the form {@code frame} (a regular expression) and
     * pings, each ended by a blank line. RESTEasy (WildFly) writes one blank line before the first
     * frame, when it sends the headers; an SSE parser skips it.
     */
    static void assertOnlyFrames(String body, String frame, String message) {
        assertTrue(body.matches("(?s)(\n\n)?((" + frame + "|: ping)\n\n)+"), message + ": " + body);
    }
}

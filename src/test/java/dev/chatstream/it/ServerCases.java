package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.regex.Pattern;

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

    /** A gauge's value on the server's /metrics. */
    long gauge(String name) {
        String metrics = Api.as(deployment, null).get(Servers.metrics(Api.root(deployment)).toString()).raw().body();
        var matcher = Pattern.compile("(?m)^" + name + "(\\{[^}]*})?\\s+([0-9.]+)").matcher(metrics);
        if (!matcher.find()) {
            throw new AssertionError(name + " not in /metrics: " + metrics);
        }
        return (long) Double.parseDouble(matcher.group(2));
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

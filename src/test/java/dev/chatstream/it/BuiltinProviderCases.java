package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With nothing configured: the builtin provider answers, and the printed development token works. */
abstract class BuiltinProviderCases extends ServerCases {

    @Override
    String server() {
        return "builtin";
    }

    @Test
    void theDevelopmentTokenWorksAsPrinted() throws Exception {
        String token = Files.readString(Path.of(System.getProperty("it.dataDir"), "dev-token.txt")).trim();
        var api = Api.as(deployment, token);
        assertEquals(201, api.post("api/chat/threads", Map.of("title", "first steps")).status());
        var threads = api.get("api/chat/threads").json().path("threads");
        assertTrue(threads.size() >= 1);
        assertEquals("first steps", threads.get(0).path("title").asText());
    }

    @Test
    void builtinAnswersAWorkflowStepWithItsQuestion() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.post("api/chat/threads", Map.of("workflow", "support-triage")).json().path("thread").path("id").asText();
        var first = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "Hi"));
        assertEquals("What is not working?", first.text());
        var second = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "The VPN drops"));
        assertEquals("How many people does it affect, and since when?", second.text());
    }

    @Test
    void builtinSaysHonestlyThatNoKnowledgeBaseIsLoaded() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        var stream = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "What is our refund policy?"));
        var types = stream.types();
        assertEquals("done", types.get(types.size() - 1));
        long deltas = types.stream().filter("ai_response"::equals).count() - 1;
        assertTrue(deltas > 10, "streamed word by word, got " + deltas + " deltas");
        assertTrue(stream.text().contains("this thread has no collection"), stream.text());
        var metadata = stream.first("metadata").data();
        assertEquals("builtin", metadata.path("provider").asText());
        assertEquals("stop", metadata.path("finishReason").asText());
        assertTrue(metadata.path("usage").path("outputTokens").asInt() > 0);
        assertEquals("completed", stream.first("done").data().path("status").asText());

        var reply = api.post("api/chat/threads/" + thread + "/messages", Map.of("content", "And shipping?"));
        assertEquals(200, reply.status());
        assertEquals(stream.text(), reply.json().path("response").asText());
        assertEquals(4, api.get("api/chat/threads/" + thread + "/messages").json().path("messages").size());
    }
}

package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every langchain4j provider must do against the fake speaking its wire format: stream the
 * answer delta by delta with usage, store it, end faults with error and done keeping the text,
 * pass on Retry-After, and close the connection at once on cancel. A subclass names its
 * deployment (a server with CHAT_PROVIDER set) and checks the request in its provider's shape.
 */
abstract class ProviderWireFormat extends FakeUpstreamTest {

    /** The server under test. */
    abstract URL deployment();

    /** The provider's name in the metadata event. */
    abstract String provider();

    /** The model the fake reports. */
    abstract String model();

    /** The provider's request carries the token limit and the system prompt in its own fields. */
    abstract void assertRequest(JsonNode request);

    @Test
    void theAnswerStreamsTokenByTokenWithUsageAndIsStored() {
        var api = Api.newUser(deployment(), "acme");
        String thread = api.createThread();
        String content = "hello anthropic " + UUID.randomUUID();
        var stream = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", content));

        var types = stream.types();
        assertEquals(List.of("connected", "message_saved"), types.subList(0, 2));
        assertEquals(List.of("ai_response", "metadata", "done"), types.subList(types.size() - 3, types.size()));
        long deltas = types.stream().filter("ai_response"::equals).count() - 1;
        assertEquals(FakeOpenAi.tokens(content).size(), deltas, "one event per upstream delta");
        assertEquals("You said: " + content, stream.text());

        JsonNode metadata = stream.first("metadata").data();
        assertEquals(provider(), metadata.path("provider").asText());
        assertEquals(model(), metadata.path("model").asText());
        assertEquals(deltas, metadata.path("usage").path("outputTokens").asLong());
        assertTrue(metadata.path("usage").path("inputTokens").asInt() > 0);
        assertEquals("stop", metadata.path("finishReason").asText());

        assertRequest(upstream.call(content).request);

        var stored = api.get("api/chat/threads/" + thread + "/messages").json().path("messages");
        assertEquals("You said: " + content, stored.get(1).path("content").asText());
        assertEquals("completed", stored.get(1).path("status").asText());
        assertEquals(model(), stored.get(1).path("metadata").path("model").asText());
    }

    @Test
    void faultsEndTheStreamWithErrorAndDoneAndKeepTheText() {
        record Fault(String content, String code, String partial) { }
        for (var fault : List.of(new Fault("fault:500", "upstream_error", ""),
                new Fault("fault:429", "upstream_rate_limited", ""),
                new Fault("fault:cut pace:20", "upstream_error", "You said: fault:cut"),
                new Fault("fault:malformed pace:20", "upstream_error", "You said:"))) {
            var api = Api.newUser(deployment(), "acme");
            String thread = api.createThread();
            var stream = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", fault.content()));
            var types = stream.types();
            assertEquals(List.of("error", "done"), types.subList(types.size() - 2, types.size()), fault + ": " + types);
            assertEquals(fault.code(), stream.first("error").data().path("code").asText(), fault.toString());
            assertEquals(fault.partial(), stream.text(), fault.toString());
            var stored = api.get("api/chat/threads/" + thread + "/messages").json().path("messages");
            assertEquals(fault.content(), stored.get(0).path("content").asText(), "the user's message is kept");
            assertEquals(fault.partial(), stored.get(1).path("content").asText(), "the partial answer is kept");
        }
        var api = Api.newUser(deployment(), "acme");
        var limited = api.post("api/chat/threads/" + api.createThread() + "/messages", Map.of("content", "fault:429"));
        ThreadsApiCases.assertProblem(limited, 503);
        assertEquals("7", limited.header("Retry-After"), "the provider's Retry-After is passed on");
    }

    @Test
    void cancellingClosesTheConnectionAtOnce() {
        var api = Api.newUser(deployment(), "acme");
        String thread = api.createThread();
        String content = "cancel " + UUID.randomUUID() + " tokens:6 pace:3000";
        var stream = api.open("POST", "api/chat/threads/" + thread + "/messages/stream", Map.of("content", content), Map.of());
        String runId = stream.await(frame -> "connected".equals(frame.type())).data().path("runId").asText();
        stream.await(frame -> "ai_response".equals(frame.type()));
        var call = upstream.call(content);
        assertEquals(202, api.post("api/chat/threads/" + thread + "/runs/" + runId + "/cancel", null).status());
        FakeOpenAi.await(() -> call.aborted, Duration.ofSeconds(2), "the upstream request is closed");
        assertFalse(call.finished);
        assertEquals("cancelled", stream.end().first("done").data().path("status").asText());
    }
}

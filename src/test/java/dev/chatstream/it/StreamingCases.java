package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Sending messages: the event protocol, what is stored, and every upstream fault, against the fake OpenAI. */
abstract class StreamingCases extends ServerCases {

    @Override
    String server() {
        return "openai";
    }

    @Test
    void streamFollowsTheProtocol() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        var stream = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "hello streaming world"));

        assertEquals(200, stream.status());
        assertEquals("text/event-stream", stream.raw().headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals("no-cache", stream.raw().headers().firstValue("Cache-Control").orElse(null));
        assertEquals("no", stream.raw().headers().firstValue("X-Accel-Buffering").orElse(null));
        assertOnlyFrames(stream.body(), "id: [^\n]+\ndata: \\{[^\n]+}", "each event exactly an id line, one data line and a blank line");

        var types = stream.types();
        assertEquals(List.of("connected", "message_saved"), types.subList(0, 2));
        assertEquals(List.of("ai_response", "metadata", "done"), types.subList(types.size() - 3, types.size()));
        long deltas = types.stream().filter("ai_response"::equals).count() - 1;
        assertEquals(FakeOpenAi.tokens("hello streaming world").size(), deltas, "one event per upstream delta");

        String runId = stream.first("connected").data().path("runId").asText();
        assertEquals(thread, stream.first("connected").data().path("threadId").asText());
        var events = stream.events();
        for (int i = 0; i < events.size(); i++) {
            assertEquals(runId + ":" + (i + 1), events.get(i).id());
            assertTrue(events.get(i).event().path("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        }

        JsonNode saved = stream.first("message_saved").data().path("message");
        assertEquals("hello streaming world", saved.path("content").asText());
        assertEquals("user", saved.path("role").asText());

        String answer = "You said: hello streaming world";
        assertEquals(answer, stream.text());
        JsonNode close = events.get(events.size() - 3).data();
        assertTrue(close.path("isComplete").asBoolean());
        assertEquals("", close.path("content").asText());
        assertEquals(answer, close.path("accumulated").asText());
        String messageId = close.path("messageId").asText();
        assertFalse(events.get(2).data().path("isComplete").asBoolean());
        assertFalse(events.get(2).data().has("accumulated"));

        JsonNode metadata = stream.first("metadata").data();
        assertEquals("openai", metadata.path("provider").asText());
        assertEquals("fake-gpt", metadata.path("model").asText());
        assertEquals(deltas, metadata.path("usage").path("outputTokens").asLong());
        assertTrue(metadata.path("usage").path("inputTokens").asInt() > 0);
        assertEquals(metadata.path("usage").path("inputTokens").asInt() + deltas, metadata.path("usage").path("totalTokens").asLong());
        assertEquals("stop", metadata.path("finishReason").asText());
        assertTrue(metadata.path("ttftMs").asLong() >= 0 && metadata.path("latencyMs").asLong() >= metadata.path("ttftMs").asLong());

        JsonNode done = stream.first("done").data();
        assertTrue(done.path("success").asBoolean());
        assertEquals("completed", done.path("status").asText());
        assertEquals(messageId, done.path("messageId").asText());

        var stored = api.get("api/chat/threads/" + thread + "/messages").json().path("messages");
        assertEquals(2, stored.size());
        assertEquals(saved, stored.get(0));
        JsonNode assistant = stored.get(1);
        assertEquals(messageId, assistant.path("id").asText());
        assertEquals("assistant", assistant.path("role").asText());
        assertEquals(answer, assistant.path("content").asText());
        assertEquals("completed", assistant.path("status").asText());
        assertEquals(1, assistant.path("version").asInt());
        assertEquals(saved.path("id"), assistant.path("parentId"));
        assertEquals(0, assistant.path("citations").size());
        assertEquals("fake-gpt", assistant.path("metadata").path("model").asText());
        assertEquals(deltas, assistant.path("metadata").path("usage").path("outputTokens").asLong());
        assertTrue(assistant.path("completedAt").isTextual());
        assertTrue(api.get("api/chat/threads/" + thread).json().path("thread").path("activeRunId").isNull());
    }

    @Test
    void tokensArriveWhileTheUpstreamIsStillSending() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        String marker = "relay-" + UUID.randomUUID();
        var stream = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", marker + " tokens:20 pace:50"));
        var call = upstream.call(marker + " tokens:20 pace:50");
        var firstDelta = stream.events().stream().filter(frame -> "ai_response".equals(frame.type())).findFirst().orElseThrow();
        assertTrue(firstDelta.receivedNanos() < call.lastTokenSentNanos - Duration.ofMillis(500).toNanos(),
                "the first token must reach the client long before the upstream's last one is sent");
        assertEquals(20, stream.text().split(" ").length);
    }

    @Test
    void theModelSeesTheThreadsHistoryAndAsksForUsage() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        String first = "first " + UUID.randomUUID();
        String second = "second " + UUID.randomUUID();
        assertEquals(200, api.post("api/chat/threads/" + thread + "/messages", Map.of("content", first)).status());
        api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", second));
        JsonNode request = upstream.call(second).request;
        assertTrue(request.path("stream").asBoolean());
        assertTrue(request.path("stream_options").path("include_usage").asBoolean());
        assertEquals(1000, request.path("max_tokens").asInt());
        assertEquals("gpt-4o-mini", request.path("model").asText());
        var messages = request.path("messages");
        assertEquals("system", messages.get(0).path("role").asText());
        assertEquals(List.of("user:" + first, "assistant:You said: " + first, "user:" + second),
                List.of(turn(messages.get(1)), turn(messages.get(2)), turn(messages.get(3))));
        assertEquals(4, messages.size());
    }

    @Test
    void nonStreamingSendReturnsTheStoredAnswer() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        var reply = api.post("api/chat/threads/" + thread + "/messages", Map.of("content", "whole please"));
        assertEquals(200, reply.status());
        assertEquals("You said: whole please", reply.json().path("response").asText());
        assertEquals("completed", reply.json().path("message").path("status").asText());
        assertEquals("whole please", reply.json().path("userMessage").path("content").asText());
        assertEquals(reply.json().path("userMessage").path("id"), reply.json().path("message").path("parentId"));
        var stored = api.get("api/chat/threads/" + thread + "/messages").json().path("messages");
        assertEquals(reply.json().path("message"), stored.get(1));
    }

    @Test
    void upstreamFaultsEndTheStreamWithErrorAndDoneAndKeepTheText() {
        record Fault(String content, String code, String partial) { }
        var faults = List.of(
                new Fault("fault:500", "upstream_error", ""),
                new Fault("fault:429", "upstream_rate_limited", ""),
                new Fault("fault:cut pace:20", "upstream_error", "You said: fault:cut"),
                new Fault("fault:malformed pace:20", "upstream_error", "You said:"),
                new Fault("fault:silence", "upstream_timeout", ""));
        for (var fault : faults) {
            var api = Api.newUser(deployment, "acme");
            String thread = api.createThread();
            var stream = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", fault.content()));
            var types = stream.types();
            assertEquals(List.of("error", "done"), types.subList(types.size() - 2, types.size()), fault + ": " + types);
            JsonNode error = stream.first("error").data();
            assertEquals(fault.code(), error.path("code").asText(), fault.toString());
            assertTrue(error.path("retryable").asBoolean(), fault.toString());
            assertTrue(error.path("message").isTextual());
            JsonNode done = stream.first("done").data();
            assertFalse(done.path("success").asBoolean());
            assertEquals("failed", done.path("status").asText());
            assertEquals(fault.partial(), stream.text(), fault.toString());

            var stored = api.get("api/chat/threads/" + thread + "/messages").json().path("messages");
            assertEquals(fault.content(), stored.get(0).path("content").asText(), "the user's message is kept");
            assertEquals("failed", stored.get(1).path("status").asText());
            assertEquals(fault.partial(), stored.get(1).path("content").asText(), "the partial answer is kept");

            var next = api.post("api/chat/threads/" + thread + "/messages", Map.of("content", "again"));
            assertEquals(200, next.status(), "the thread is ready for the next send after " + fault);
        }
    }

    @Test
    void silentUpstreamIsAbortedAfterTheIdleTimeout() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        String content = "fault:silence " + UUID.randomUUID();
        var stream = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", content));
        assertEquals("upstream_timeout", stream.first("error").data().path("code").asText());
        var call = upstream.call(content);
        FakeOpenAi.await(() -> call.aborted, Duration.ofSeconds(5), "the silent upstream request is closed");
    }

    @Test
    void nonStreamingFaultsMapToGatewayStatuses() {
        var api = Api.newUser(deployment, "acme");
        record Expected(String content, int status, String code) { }
        for (var expected : List.of(new Expected("fault:500", 502, "upstream_error"),
                new Expected("fault:429", 503, "upstream_rate_limited"),
                new Expected("fault:silence", 504, "upstream_timeout"))) {
            String thread = api.createThread();
            var reply = api.post("api/chat/threads/" + thread + "/messages", Map.of("content", expected.content()));
            ThreadsApiCases.assertProblem(reply, expected.status());
            assertEquals(expected.code(), reply.json().path("code").asText());
            if (expected.status() == 503) {
                assertEquals("7", reply.header("Retry-After"), "the provider's Retry-After is passed on");
            }
            var stored = api.get("api/chat/threads/" + thread + "/messages").json().path("messages");
            assertEquals(expected.content(), stored.get(0).path("content").asText(), "the user's message is kept");
            assertEquals(reply.json().path("userMessageId").asText(), stored.get(0).path("id").asText());
        }
    }

    @Test
    void aClientThatLeavesGetsItsUpstreamAbortedAndTheTextKept() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        String content = "leaving " + UUID.randomUUID() + " tokens:200 pace:30";
        var stream = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", content), Map.of(),
                frame -> "ai_response".equals(frame.type()) && frame.data().path("content").asText().equals("t4 "));
        assertEquals("t0 t1 t2 t3 t4 ", stream.text());
        var call = upstream.call(content);
        FakeOpenAi.await(() -> call.aborted, Duration.ofSeconds(10), "the upstream request is aborted");
        assertFalse(call.finished);
        FakeOpenAi.await(() -> !"streaming".equals(lastMessage(api, thread).path("status").asText()), Duration.ofSeconds(5),
                "the answer is stored");
        JsonNode answer = lastMessage(api, thread);
        assertEquals("interrupted", answer.path("status").asText());
        assertTrue(answer.path("content").asText().startsWith("t0 t1 t2 t3 t4 "), answer.toString());
        assertTrue(answer.path("content").asText().length() < "t0 ".length() * 200);
    }

    @Test
    void oneRunAtATimePerThread() throws Exception {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        String content = "busy " + UUID.randomUUID() + " tokens:10 pace:20";
        var admitted = new ArrayList<Api.Stream>();
        var refused = new ArrayList<Api.Stream>();
        for (var finished : api.streamAtOnce(6, "api/chat/threads/" + thread + "/messages/stream", Map.of("content", content),
                Map.of())) {
            (finished.status() == 200 ? admitted : refused).add(finished);
        }
        assertEquals(1, admitted.size(), "exactly one of six simultaneous sends starts a run");
        String runId = admitted.get(0).first("connected").data().path("runId").asText();
        for (var stream : refused) {
            assertEquals(409, stream.status());
            var problem = Api.JSON.readTree(stream.body());
            assertEquals(runId, problem.path("activeRunId").asText(), "the 409 names the active run");
        }
        assertEquals("completed", admitted.get(0).first("done").data().path("status").asText());
        assertEquals(2, api.get("api/chat/threads/" + thread + "/messages").json().path("messages").size());
        assertEquals(200, api.post("api/chat/threads/" + thread + "/messages", Map.of("content", "after")).status());
    }

    @Test
    void valuesOfTheWrongJsonTypeOrABodyTooLargeAreRefused() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        ThreadsApiCases.assertProblem(api.post("api/chat/threads/" + thread + "/messages", Map.of("content", false)), 400);
        ThreadsApiCases.assertProblem(api.post("api/chat/threads/" + thread + "/messages/stream", Map.of("content", 42)), 400);
        ThreadsApiCases.assertProblem(api.post("api/chat/threads", Map.of("title", 5)), 400);
        ThreadsApiCases.assertProblem(api.patch("api/chat/threads/" + thread, Map.of("title", List.of("a"))), 400);
        ThreadsApiCases.assertProblem(api.post("api/chat/threads", List.of("not", "an", "object")), 400);
        var admin = Api.member(deployment, "acme-" + UUID.randomUUID(), 0, true);
        ThreadsApiCases.assertProblem(admin.post("api/kb/collections", Map.of("slug", 7, "name", "Seven")), 400);
        ThreadsApiCases.assertProblem(admin.post("api/kb/collections", Map.of("slug", "ok", "name", "Ok", "public", "yes")), 400);
        String slug = "big-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, admin.post("api/kb/collections", Map.of("slug", slug, "name", "Big")).status());
        var tooBig = admin.post("api/kb/collections/" + slug + "/documents", Map.of("title", "Big", "content", "x".repeat(70_000)));
        ThreadsApiCases.assertProblem(tooBig, 413);
        assertTrue(tooBig.json().path("detail").asText().contains("65536 bytes"), "the body limit, not the content rule");
        var tooBigFile = admin.upload("api/kb/collections/" + slug + "/documents", "big.txt", "text/plain", new byte[70_000],
                Map.of("title", "Big file"));
        ThreadsApiCases.assertProblem(tooBigFile, 413);
        assertTrue(tooBigFile.json().path("detail").asText().contains("65536 bytes"), "an uploaded file has the same limit");
        assertEquals(0, admin.get("api/kb/collections/" + slug + "/documents").json().path("documents").size());
        var problem = api.post("api/chat/threads", Map.of("title", 5)).json();
        assertTrue(problem.path("detail").asText().contains("title"), "the problem names the member");
        assertEquals(0, api.get("api/chat/threads/" + thread + "/messages").json().path("messages").size(), "nothing stored");
        assertEquals(201, api.post("api/chat/threads", Map.of("title", "five")).status());
    }

    @Test
    void clientsThatStopReadingHarmNobody() throws Exception {
        var api = Api.newUser(deployment, "acme");
        var stuck = new ArrayList<java.net.Socket>();
        var floods = new ArrayList<String>();
        try {
            for (int i = 0; i < 4; i++) {
                String flood = "flood " + UUID.randomUUID() + " tokens:300000 pace:0";
                floods.add(flood);
                stuck.add(api.sendAndNeverRead("api/chat/threads/" + api.createThread() + "/messages/stream",
                        Map.of("content", flood)));
            }
            floods.forEach(upstream::call);

            var others = Api.newUser(deployment, "acme");
            var pool = Executors.newFixedThreadPool(4);
            var healthy = new ArrayList<CompletableFuture<Api.Stream>>();
            for (int i = 0; i < 3; i++) {
                String thread = others.createThread();
                healthy.add(CompletableFuture.supplyAsync(() -> others.stream("api/chat/threads/" + thread + "/messages/stream",
                        Map.of("content", "meanwhile " + UUID.randomUUID() + " tokens:60 pace:10")), pool));
            }
            String silentThread = others.createThread();
            long silentStart = System.nanoTime();
            var silent = CompletableFuture.supplyAsync(() -> others.stream("api/chat/threads/" + silentThread + "/messages/stream",
                    Map.of("content", "quiet " + UUID.randomUUID() + " fault:silence")), pool);
            pool.shutdown();

            for (var stream : healthy) {
                var finished = stream.get();
                assertEquals("completed", finished.first("done").data().path("status").asText());
                assertEquals(60, finished.text().split(" ").length, "every token reached the reader");
            }
            assertEquals("upstream_timeout", silent.get().first("error").data().path("code").asText());
            long silentMillis = Duration.ofNanos(System.nanoTime() - silentStart).toMillis();
            assertTrue(silentMillis < 4500, "the 2 s idle timeout fired on time, not after " + silentMillis + " ms");

            for (String flood : floods) {
                var call = upstream.call(flood);
                FakeOpenAi.await(() -> call.aborted, Duration.ofSeconds(30),
                        "the run of a reader that stopped reading is stopped, and its upstream request with it");
                assertFalse(call.finished, "the server did not read the whole answer for a reader that reads nothing");
            }
            assertEquals(201, api.post("api/chat/threads", Map.of("title", "still fine")).status());
            assertEquals(200, api.get(health()).status());
        } finally {
            for (var socket : stuck) {
                socket.close();
            }
        }
    }

    @Test
    void pingsKeepAQuietStreamAlive() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        var stream = api.stream("api/chat/threads/" + thread + "/messages/stream",
                Map.of("content", "slow " + UUID.randomUUID() + " tokens:8 pace:300"));
        assertTrue(stream.frames().stream().anyMatch(frame -> "ping".equals(frame.comment())), "a : ping comment frame");
        assertTrue(stream.body().contains("\n\n: ping\n\nid: "), "the ping its own frame between two events");
        assertEquals("completed", stream.first("done").data().path("status").asText());
    }

    @Test
    void sendsAreRateLimitedPerUser() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        for (int i = 0; i < 8; i++) {
            assertEquals(200, api.post("api/chat/threads/" + thread + "/messages", Map.of("content", "n" + i)).status());
        }
        var limited = api.post("api/chat/threads/" + thread + "/messages", Map.of("content", "one too many"));
        ThreadsApiCases.assertProblem(limited, 429);
        assertNotNull(limited.header("Retry-After"));
        assertTrue(Integer.parseInt(limited.header("Retry-After")) > 0);
        var other = Api.newUser(deployment, "acme");
        assertEquals(200, other.post("api/chat/threads/" + other.createThread() + "/messages", Map.of("content", "x")).status(),
                "another user is not limited");
    }

    @Test
    void aGroundedPromptCarriesTheNumberedSourcesAndTheInstruction() {
        var admin = Api.member(deployment, "org-" + UUID.randomUUID(), 10, true);
        assertEquals(201, admin.post("api/kb/collections", Map.of("slug", "warranty", "name", "Warranty")).status());
        var upload = admin.post("api/kb/collections/warranty/documents", Map.of("title", "Laptop warranty",
                "content", "The warranty lasts three years for all laptops bought after 2024."));
        assertEquals(202, upload.status(), upload.raw().body());
        String id = upload.json().path("document").path("id").asText();
        admin.awaitDocument("warranty", id, "indexed");
        String thread = admin.post("api/chat/threads", Map.of("collection", "warranty")).json().path("thread").path("id").asText();
        String question = "How long is the laptop warranty? " + UUID.randomUUID();
        var stream = admin.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", question));

        var types = stream.types();
        assertTrue(types.indexOf("citations") < types.indexOf("ai_response"), types.toString());
        assertTrue(types.indexOf("confidence") > types.lastIndexOf("ai_response") && types.indexOf("confidence") < types.indexOf("metadata"));
        double confidence = stream.first("confidence").data().path("value").asDouble();
        assertTrue(confidence >= 0 && confidence <= 1);
        String system = upstream.call(question).request.path("messages").get(0).path("content").asText();
        assertTrue(system.contains("Answer only from the numbered sources"), system);
        assertTrue(system.contains("[1] Laptop warranty\nThe warranty lasts three years for all laptops bought after 2024."), system);
    }

    private static JsonNode lastMessage(Api api, String thread) {
        var messages = api.get("api/chat/threads/" + thread + "/messages").json().path("messages");
        return messages.get(messages.size() - 1);
    }

    private static String turn(JsonNode message) {
        return message.path("role").asText() + ":" + message.path("content").asText();
    }
}

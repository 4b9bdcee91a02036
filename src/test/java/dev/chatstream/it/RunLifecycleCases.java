package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Runs apart from their connections, over HTTP only: rejoin with Last-Event-ID, cancel, detach and
 * the grace, idempotent sends, regenerate, checkpoints, and nothing left behind by clients that go.
 */
abstract class RunLifecycleCases extends ServerCases {

    @Override
    String server() {
        return "openai";
    }

    @Test
    void aReconnectReplaysWhatWasMissedThenGoesOnLive() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        var first = api.open("POST", "api/chat/threads/" + thread + "/messages/stream",
                Map.of("content", "rejoin " + UUID.randomUUID() + " tokens:30 pace:40"), Map.of());
        var fifth = first.await(frame -> frame.id().endsWith(":5"));
        var before = first.hangUp();
        String runId = fifth.id().substring(0, fifth.id().indexOf(':'));

        var rest = api.open("GET", "api/chat/threads/" + thread + "/runs/" + runId + "/events", null,
                Map.of("Last-Event-ID", fifth.id())).end();
        assertEquals(runId + ":6", rest.events().get(0).id(), "the replay starts right after the last id seen");
        var ids = new ArrayList<String>();
        before.events().stream().filter(frame -> seq(frame) <= 5).forEach(frame -> ids.add(frame.id()));
        rest.events().forEach(frame -> ids.add(frame.id()));
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(runId + ":" + (i + 1), ids.get(i), "no gap and no repeat");
        }
        assertEquals("completed", rest.first("done").data().path("status").asText());
        String text = before.events().stream().filter(frame -> seq(frame) <= 5).filter(frame -> "ai_response".equals(frame.type()))
                .map(frame -> frame.data().path("content").asText()).reduce("", String::concat) + rest.text();
        assertEquals(30, text.split(" ").length);
        assertEquals(text, rest.events().get(rest.events().size() - 3).data().path("accumulated").asText());

        var full = api.open("GET", "api/chat/threads/" + thread + "/runs/" + runId + "/events", null, Map.of()).end();
        assertEquals(ids, full.events().stream().map(Api.Frame::id).toList(), "without Last-Event-ID: the whole log");
        assertEquals(before.events().get(0).event(), full.events().get(0).event(), "the exact events, not re-rendered ones");
    }

    @Test
    void aRunPastItsRetentionIsAnsweredFromTheStoredMessage() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        var live = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "remember this"));
        String runId = live.first("connected").data().path("runId").asText();
        String events = "api/chat/threads/" + thread + "/runs/" + runId + "/events";
        FakeOpenAi.await(() -> !"connected".equals(api.open("GET", events, null, Map.of()).end().firstType()),
                Duration.ofSeconds(20), "the exact log is dropped after the retention");
        var snapshot = api.open("GET", events, null, Map.of("Last-Event-ID", runId + ":4")).end();
        assertEquals(List.of("ai_response", "metadata", "done"), snapshot.types());
        assertEquals(runId + ":5", snapshot.events().get(0).id());
        JsonNode close = snapshot.events().get(0).data();
        assertTrue(close.path("isComplete").asBoolean());
        assertEquals("You said: remember this", close.path("accumulated").asText());
        assertEquals(live.first("metadata").data().path("usage"), snapshot.first("metadata").data().path("usage"));
        assertEquals("completed", snapshot.first("done").data().path("status").asText());
    }

    @Test
    void badRejoinsAreRejected() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        var stream = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "short"));
        String runId = stream.first("connected").data().path("runId").asText();
        String events = "api/chat/threads/" + thread + "/runs/" + runId + "/events";
        assertEquals(400, api.open("GET", events, null, Map.of("Last-Event-ID", "garbage")).end().status());
        assertEquals(400, api.open("GET", events, null, Map.of("Last-Event-ID", UUID.randomUUID() + ":3")).end().status());
        assertEquals(404, api.open("GET", "api/chat/threads/" + thread + "/runs/" + UUID.randomUUID() + "/events", null, Map.of())
                .end().status());
        var stranger = Api.newUser(deployment, "acme");
        assertEquals(404, stranger.open("GET", events, null, Map.of()).end().status());
        ThreadsApiCases.assertProblem(stranger.post("api/chat/threads/" + thread + "/runs/" + runId + "/cancel", null), 404);
        ThreadsApiCases.assertProblem(api.post("api/chat/threads/" + thread + "/runs/" + runId + "/cancel", null), 409);
    }

    @Test
    void cancelStopsTheUpstreamAtOnceEvenBetweenTokens() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        String content = "cancel " + UUID.randomUUID() + " tokens:6 pace:3000";
        var stream = api.open("POST", "api/chat/threads/" + thread + "/messages/stream", Map.of("content", content), Map.of());
        String runId = stream.await(frame -> "connected".equals(frame.type())).data().path("runId").asText();
        stream.await(frame -> "ai_response".equals(frame.type()));
        var call = upstream.call(content);

        long cancelled = System.nanoTime();
        var reply = api.post("api/chat/threads/" + thread + "/runs/" + runId + "/cancel", null);
        assertEquals(202, reply.status());
        FakeOpenAi.await(() -> call.aborted, Duration.ofSeconds(2), "the upstream request is closed");
        long toClosedMillis = (call.abortedNanos - cancelled) / 1_000_000;
        assertTrue(toClosedMillis < 1000, "upstream closed " + toClosedMillis + " ms after the cancel");

        var ended = stream.end();
        JsonNode done = ended.first("done").data();
        assertEquals("cancelled", done.path("status").asText());
        assertFalse(done.path("success").asBoolean());
        assertEquals("cancelled", ended.first("metadata").data().path("finishReason").asText());
        assertTrue(ended.first("metadata").data().path("usage").path("outputTokens").asInt() > 0, "the usage so far");
        var answer = lastMessage(api, thread);
        assertEquals("cancelled", answer.path("status").asText());
        assertEquals(ended.text(), answer.path("content").asText());
        assertEquals(202, api.post("api/chat/threads/" + thread + "/runs/" + runId + "/cancel", null).status(),
                "cancelling again is harmless");
    }

    @Test
    void aReaderBackWithinTheGraceKeepsTheRunAlive() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        var first = api.open("POST", "api/chat/threads/" + thread + "/messages/stream",
                Map.of("content", "grace " + UUID.randomUUID() + " tokens:40 pace:50"), Map.of());
        var third = first.await(frame -> frame.id().endsWith(":3"));
        first.hangUp();
        String runId = third.id().substring(0, third.id().indexOf(':'));
        var rest = api.open("GET", "api/chat/threads/" + thread + "/runs/" + runId + "/events", null,
                Map.of("Last-Event-ID", third.id())).end();
        assertEquals("completed", rest.first("done").data().path("status").asText());
        assertEquals("completed", lastMessage(api, thread).path("status").asText());
    }

    @Test
    void aRetriedSendWithTheSameKeyJoinsTheFirstRun() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        String key = UUID.randomUUID().toString();
        var body = Map.of("content", "once " + UUID.randomUUID() + " tokens:20 pace:30");
        var first = api.open("POST", "api/chat/threads/" + thread + "/messages/stream", body, Map.of("Idempotency-Key", key));
        String runId = first.await(frame -> "connected".equals(frame.type())).data().path("runId").asText();
        first.await(frame -> "ai_response".equals(frame.type()));
        first.hangUp();

        var retry = api.open("POST", "api/chat/threads/" + thread + "/messages/stream", body, Map.of("Idempotency-Key", key)).end();
        assertEquals(runId, retry.first("connected").data().path("runId").asText());
        assertEquals(retry.first("message_saved").event(), first.end().first("message_saved").event());
        assertEquals("completed", retry.first("done").data().path("status").asText());
        var whole = api.send("POST", "api/chat/threads/" + thread + "/messages", body, Map.of("Idempotency-Key", key));
        assertEquals(200, whole.status());
        assertEquals(retry.first("done").data().path("messageId"), whole.json().path("message").path("id"));
        assertEquals(2, api.get("api/chat/threads/" + thread + "/messages").json().path("messages").size(),
                "the message is stored once");
    }

    @Test
    void regenerateMakesANewVersionOfTheAnswer() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        String question = "again " + UUID.randomUUID();
        var original = api.post("api/chat/threads/" + thread + "/messages", Map.of("content", question)).json();
        String firstAnswer = original.path("message").path("id").asText();

        var regenerated = api.stream("api/chat/threads/" + thread + "/messages/" + firstAnswer + "/regenerate/stream", Map.of());
        var types = regenerated.types();
        assertEquals("connected", types.get(0));
        assertFalse(types.contains("message_saved"));
        assertEquals(List.of("ai_response", "metadata", "done"), types.subList(types.size() - 3, types.size()));
        String secondAnswer = regenerated.first("done").data().path("messageId").asText();
        assertNotEquals(firstAnswer, secondAnswer);

        var latest = api.get("api/chat/threads/" + thread + "/messages").json().path("messages");
        assertEquals(2, latest.size());
        assertEquals(secondAnswer, latest.get(1).path("id").asText());
        assertEquals(2, latest.get(1).path("version").asInt());
        assertEquals(original.path("userMessage").path("id"), latest.get(1).path("parentId"));
        assertEquals(3, api.get("api/chat/threads/" + thread + "/messages?versions=all").json().path("messages").size());
        var versions = api.get("api/chat/threads/" + thread + "/messages/" + secondAnswer + "/versions").json().path("versions");
        assertEquals(List.of(firstAnswer, secondAnswer), List.of(versions.get(0).path("id").asText(), versions.get(1).path("id").asText()));

        var requests = upstream.calls().stream().filter(call -> call.marker.equals(question)).toList();
        assertEquals(2, requests.size());
        assertEquals(requests.get(0).request.path("messages"), requests.get(1).request.path("messages"),
                "the new version is asked exactly as the first was");

        var user = original.path("userMessage").path("id").asText();
        ThreadsApiCases.assertProblem(api.post("api/chat/threads/" + thread + "/messages/" + user + "/regenerate/stream", Map.of()), 400);
        assertEquals(404, Api.newUser(deployment, "acme")
                .stream("api/chat/threads/" + thread + "/messages/" + secondAnswer + "/regenerate/stream", Map.of()).status());
    }

    @Test
    void theTextIsCheckpointedWhileTheRunLasts() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        var stream = api.open("POST", "api/chat/threads/" + thread + "/messages/stream",
                Map.of("content", "checkpoint " + UUID.randomUUID() + " tokens:100 pace:40"), Map.of());
        String runId = stream.await(frame -> "connected".equals(frame.type())).data().path("runId").asText();
        FakeOpenAi.await(() -> lastMessage(api, thread).path("content").asText().startsWith("t0 t1 "), Duration.ofSeconds(5),
                "a checkpoint of the text while it streams");
        assertEquals("streaming", lastMessage(api, thread).path("status").asText());
        api.post("api/chat/threads/" + thread + "/runs/" + runId + "/cancel", null);
        stream.end();
    }

    @Test
    void clientsThatVanishLeaveNothingBehind() {
        int clients = 40;
        var streams = new ArrayList<Api.LiveStream>();
        for (int i = 0; i < clients; i++) {
            var api = Api.newUser(deployment, "storm");
            streams.add(api.open("POST", "api/chat/threads/" + api.createThread() + "/messages/stream",
                    Map.of("content", "storm " + UUID.randomUUID() + " tokens:400 pace:25"), Map.of()));
        }
        streams.forEach(stream -> stream.await(frame -> "ai_response".equals(frame.type())));
        assertTrue(gauge("chatstream_runs_active") >= clients);
        streams.forEach(Api.LiveStream::hangUp);
        FakeOpenAi.await(() -> gauge("chatstream_runs_active") == 0 && gauge("chatstream_run_subscribers") == 0
                && gauge("chatstream_upstream_connections") == 0, Duration.ofSeconds(20), "every count back to zero");
        assertTrue(upstream.calls().stream().filter(call -> call.marker.startsWith("storm ")).allMatch(call -> call.aborted),
                "every upstream request was aborted");
    }

    private static long seq(Api.Frame frame) {
        return Long.parseLong(frame.id().substring(frame.id().indexOf(':') + 1));
    }

    @Test
    void retriesWithOneKeyReleasedAtOnceAllJoinOneRun() throws Exception {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        String key = UUID.randomUUID().toString();
        var body = Map.of("content", "together " + UUID.randomUUID() + " tokens:10 pace:20");
        var streams = api.streamAtOnce(6, "api/chat/threads/" + thread + "/messages/stream", body, Map.of("Idempotency-Key", key));
        var runIds = new java.util.HashSet<String>();
        for (var finished : streams) {
            assertEquals(200, finished.status(), "every retry joins, none is refused: " + finished.body());
            runIds.add(finished.first("connected").data().path("runId").asText());
            assertEquals("completed", finished.first("done").data().path("status").asText());
            assertEquals(10, finished.text().split(" ").length);
        }
        assertEquals(1, runIds.size(), "one run for one key");
        assertEquals(2, api.get("api/chat/threads/" + thread + "/messages").json().path("messages").size(),
                "the message is stored once");
    }

    /** The thread takes sends again: no run is active on it. */
    static void assertThreadFree(Api api, String thread) {
        assertTrue(api.get("api/chat/threads/" + thread).json().path("thread").path("activeRunId").isNull(),
                "no run is left active on the thread");
    }

    static JsonNode lastMessage(Api api, String thread) {
        var messages = api.get("api/chat/threads/" + thread + "/messages").json().path("messages");
        return messages.get(messages.size() - 1);
    }
}

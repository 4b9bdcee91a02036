package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Runs that fail inside the server end cleanly: with test-only alternatives in the WAR
 * ({@link OpenAiServerIT}'s deployment) that fail the retrieval, the prompt or the store on markers
 * in the message. The rest of the run lifecycle is {@link RunLifecycleCases}.
 */
abstract class InjectedFaultCases extends ServerCases {

    @Override
    String server() {
        return "openai";
    }

    @Test
    void aFailureAfterAdmissionEndsTheRunAndFreesTheThread() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        var failed = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "inject:prompt please"));
        assertEquals(List.of("connected", "message_saved", "error", "done"), failed.types());
        JsonNode error = failed.first("error").data();
        assertEquals("internal", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("incident"), "a neutral message with the incident id");
        assertFalse(error.path("message").asText().contains("injected"), "no internals reach the client");
        assertEquals("failed", failed.first("done").data().path("status").asText());
        assertFalse(failed.first("done").data().path("success").asBoolean());

        var messages = api.get("api/chat/threads/" + thread + "/messages").json().path("messages");
        assertEquals("inject:prompt please", messages.get(0).path("content").asText(), "the user's message is kept");
        assertEquals("failed", messages.get(1).path("status").asText());
        RunLifecycleCases.assertThreadFree(api, thread);
        var next = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "and now"));
        assertEquals("completed", next.first("done").data().path("status").asText(), "the thread takes the next send");

        var whole = api.post("api/chat/threads/" + thread + "/messages", Map.of("content", "inject:prompt whole"));
        assertEquals("internal", whole.json().path("code").asText());
        RunLifecycleCases.assertThreadFree(api, thread);
    }

    /**
     * The provider request starts while the send's rows commit: when the commit fails, the client
     * hears a problem and no event, nothing is stored, and the request that started is cancelled
     * (whether it reached the upstream in time is the race this cannot fix; RunTest holds the
     * cancel itself to the letter).
     */
    @Test
    void aSendWhoseCommitFailsStoresNothingAndLeavesNoUpstreamRequestRunning() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        String question = "inject:admission " + UUID.randomUUID() + " tokens:1000 pace:50";
        var refused = api.post("api/chat/threads/" + thread + "/messages/stream", Map.of("content", question));
        ThreadsApiCases.assertProblem(refused, 500);
        assertTrue(refused.json().path("incident").isTextual(), refused.raw().body());
        assertFalse(refused.raw().body().contains("injected"), "no internals reach the client");
        assertFalse(refused.raw().body().contains("event:"), "no event before the commit");

        assertEquals(0, api.get("api/chat/threads/" + thread + "/messages").json().path("messages").size(), "nothing stored");
        RunLifecycleCases.assertThreadFree(api, thread);
        FakeOpenAi.await(() -> gauge("chatstream_upstream_connections") == 0
                        && upstream.calls().stream().filter(call -> call.marker.equals(question)).allMatch(call -> call.aborted),
                Duration.ofSeconds(10), "the started provider request cancelled");
        assertEquals(0, gauge("chatstream_runs_active"));
        assertEquals("completed", api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "and now"))
                .first("done").data().path("status").asText(), "the thread takes the next send");
    }

    @Test
    void aRetrievalThatThrowsEndsTheRunAndFreesTheThread() {
        String org = "acme-" + UUID.randomUUID();
        String slug = "faults-" + UUID.randomUUID().toString().substring(0, 8);
        var admin = Api.member(deployment, org, 0, true);
        assertEquals(201, admin.post("api/kb/collections", Map.of("slug", slug, "name", "Faults")).status());
        var thread = admin.post("api/chat/threads", Map.of("collection", slug)).json().path("thread").path("id").asText();
        var failed = admin.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "inject:retrieval where?"));
        var types = failed.types();
        assertEquals(List.of("error", "done"), types.subList(types.size() - 2, types.size()));
        assertEquals("internal", failed.first("error").data().path("code").asText());
        assertEquals("failed", failed.first("done").data().path("status").asText());
        assertEquals("inject:retrieval where?", admin.get("api/chat/threads/" + thread + "/messages").json()
                .path("messages").get(0).path("content").asText(), "the question is kept");
        assertEquals("completed", admin.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "and now?"))
                .first("done").data().path("status").asText(), "the thread takes the next send");
    }

    @Test
    void aStoreThatFailsTwiceIsRetriedAndTheAnswerKept() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        var stream = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "inject:store:2 twice"));
        assertEquals("completed", stream.first("done").data().path("status").asText());
        assertFalse(stream.types().contains("error"));
        var answer = RunLifecycleCases.lastMessage(api, thread);
        assertEquals("completed", answer.path("status").asText());
        assertEquals("You said: inject:store:2 twice", answer.path("content").asText());
        RunLifecycleCases.assertThreadFree(api, thread);
    }

    @Test
    void aStoreThatKeepsFailingEndsInterruptedWithTheThreadFree() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        // four attempts at the outcome fail; the fifth write, freeing the thread, goes through
        var stream = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "inject:store:4 always"));
        var types = stream.types();
        assertEquals(List.of("error", "done"), types.subList(types.size() - 2, types.size()));
        assertEquals("internal", stream.first("error").data().path("code").asText());
        assertEquals("interrupted", stream.first("done").data().path("status").asText());
        var answer = RunLifecycleCases.lastMessage(api, thread);
        assertEquals("interrupted", answer.path("status").asText());
        assertEquals("You said: inject:store:4 always", answer.path("content").asText(), "the text is kept");
        RunLifecycleCases.assertThreadFree(api, thread);
        assertEquals("completed", api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "again"))
                .first("done").data().path("status").asText());
    }

    @Test
    void anUploadIsIndexedWhileACheckpointHoldsTheDefaultExecutor() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        var stream = api.open("POST", "api/chat/threads/" + thread + "/messages/stream",
                Map.of("content", "inject:hold-checkpoint tokens:1000 pace:100"), Map.of());
        String runId = stream.await(frame -> "connected".equals(frame.type())).data().path("runId").asText();
        // the checkpoint is written, then held: the executor that ran it stays busy until the run ends
        FakeOpenAi.await(() -> RunLifecycleCases.lastMessage(api, thread).path("content").asText().startsWith("t0 "),
                Duration.ofSeconds(10), "the held checkpoint written");

        String slug = "held-" + UUID.randomUUID().toString().substring(0, 8);
        var admin = Api.member(deployment, "acme-" + UUID.randomUUID(), 0, true);
        assertEquals(201, admin.post("api/kb/collections", Map.of("slug", slug, "name", "Held")).status());
        var upload = admin.post("api/kb/collections/" + slug + "/documents", Map.of("title", "Lockers",
                "content", "Lockers on floor three open with the staff badge."));
        assertEquals(202, upload.status(), upload.raw().body());
        admin.awaitDocument(slug, upload.json().path("document").path("id").asText(), "indexed");

        api.post("api/chat/threads/" + thread + "/runs/" + runId + "/cancel", null);
        stream.end();
        RunLifecycleCases.assertThreadFree(api, thread);
    }
}

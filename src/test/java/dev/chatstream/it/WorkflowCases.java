package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Threads that follow a workflow, against the fake OpenAI server. */
abstract class WorkflowCases extends ServerCases {

    @Override
    String server() {
        return "openai";
    }

    @Test
    void definitionsAreListedAndBadFilesSkipped() {
        var names = new ArrayList<String>();
        Api.newUser(deployment, "acme").get("api/workflows").json().path("workflows").forEach(w -> names.add(w.path("name").asText()));
        assertEquals(List.of("project-intake", "support-triage", "two-questions"), names);
        JsonNode intake = Api.newUser(deployment, "acme").get("api/workflows").json().path("workflows").get(0);
        assertEquals(3, intake.path("steps").size());
        assertEquals("goal", intake.path("steps").get(0).path("id").asText());
        assertTrue(intake.path("steps").get(2).path("rag").asBoolean());
    }

    @Test
    void aThreadWalksItsWorkflowStepByStep() {
        var api = Api.newUser(deployment, "acme");
        var created = api.post("api/chat/threads", Map.of("workflow", "project-intake")).json().path("thread");
        String thread = created.path("id").asText();
        assertEquals(Map.of("name", "project-intake", "status", "active", "totalSteps", 3,
                "step", Map.of("index", 0, "id", "goal", "name", "Goal")), Api.JSON.convertValue(created.path("workflow"), Map.class));
        String messages = "api/chat/threads/" + thread + "/messages/stream";

        String goal = "A new intranet " + UUID.randomUUID();
        var first = api.stream(messages, Map.of("content", goal));
        assertEquals(List.of("connected", "message_saved", "workflow_status"), first.types().subList(0, 3));
        assertWorkflowStatus(first.events().get(2).data(), "started", 0, "goal");
        var types = first.types();
        assertEquals(List.of("metadata", "workflow_status", "done"), types.subList(types.size() - 3, types.size()));
        assertWorkflowStatus(first.events().get(types.size() - 2).data(), "advanced", 1, "constraints");
        JsonNode firstRequest = upstream.call(goal).request;
        assertEquals(200, firstRequest.path("max_tokens").asInt());
        assertTrue(system(firstRequest).contains("Instructions for this step: The user describes the goal of a new project."));

        String constraints = "Budget 10k, deadline May " + UUID.randomUUID();
        var second = api.stream(messages, Map.of("content", constraints));
        assertWorkflowStatus(second.first("workflow_status").data(), "step", 1, "constraints");
        JsonNode secondRequest = upstream.call(constraints).request;
        assertTrue(system(secondRequest).contains("The user lists the project's constraints."));
        assertTrue(system(secondRequest).contains("- Goal: " + goal), "the earlier step's answer is in the prompt");

        String last = "Nothing else " + UUID.randomUUID();
        var third = api.stream(messages, Map.of("content", last));
        var thirdTypes = third.types();
        assertEquals("workflow_complete", thirdTypes.get(thirdTypes.size() - 2));
        assertEquals("project-intake", third.first("workflow_complete").data().path("workflow").asText());
        assertTrue(third.first("workflow_complete").data().path("message").asText().contains("complete"));
        assertEquals(500, upstream.call(last).request.path("max_tokens").asInt());
        assertTrue(system(upstream.call(last).request).contains("- Constraints: " + constraints));

        JsonNode workflow = api.get("api/chat/threads/" + thread).json().path("thread").path("workflow");
        assertEquals("completed", workflow.path("status").asText());
        assertTrue(workflow.path("step").isNull());

        String chat = "Just chatting " + UUID.randomUUID();
        var plain = api.stream(messages, Map.of("content", chat));
        assertFalse(plain.types().contains("workflow_status") || plain.types().contains("workflow_complete"));
        assertFalse(system(upstream.call(chat).request).contains("Instructions for this step"));
        assertEquals(1000, upstream.call(chat).request.path("max_tokens").asInt());
    }

    @Test
    void aFailedRunDoesNotAdvanceTheStep() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.post("api/chat/threads", Map.of("workflow", "support-triage")).json().path("thread").path("id").asText();
        var failed = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "fault:500"));
        assertEquals("failed", failed.first("done").data().path("status").asText());
        assertFalse(failed.types().contains("workflow_complete"));
        assertEquals(1, failed.types().stream().filter("workflow_status"::equals).count(), "no advanced event");
        assertEquals(0, api.get("api/chat/threads/" + thread).json().path("thread").path("workflow").path("step").path("index").asInt());
        var retry = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "The printer is broken"));
        assertWorkflowStatus(retry.first("workflow_status").data(), "started", 0, "problem");
        assertEquals(1, api.get("api/chat/threads/" + thread).json().path("thread").path("workflow").path("step").path("index").asInt());
    }

    @Test
    void maxSentencesCutsTheStreamAndStopsTheUpstream() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.post("api/chat/threads", Map.of("workflow", "two-questions")).json().path("thread").path("id").asText();
        String content = "talk " + UUID.randomUUID() + " sentences:40 pace:30";
        var stream = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", content));
        assertEquals("This is sentence 1. This is sentence 2.", stream.events().stream()
                .filter(frame -> "ai_response".equals(frame.type())).reduce((a, b) -> b).orElseThrow().data().path("accumulated").asText());
        assertEquals("sentence_limit", stream.first("metadata").data().path("finishReason").asText());
        JsonNode done = stream.first("done").data();
        assertTrue(done.path("success").asBoolean());
        assertEquals("completed", done.path("status").asText());
        var call = upstream.call(content);
        FakeOpenAi.await(() -> call.aborted, Duration.ofSeconds(5), "the upstream request is cancelled at once");
        assertFalse(call.finished);
        var messages = api.get("api/chat/threads/" + thread + "/messages").json().path("messages");
        assertEquals("This is sentence 1. This is sentence 2.", messages.get(1).path("content").asText());
        assertEquals(1, api.get("api/chat/threads/" + thread).json().path("thread").path("workflow").path("step").path("index").asInt(),
                "a sentence-limited answer completes its step");
    }

    @Test
    void theCallersClaimsShapeTheSystemPrompt() {
        var api = Api.as(deployment, Api.token(Map.of("sub", "ada-" + UUID.randomUUID(), "org_id", "acme", "name", "Ada",
                "role", "engineer", "locale", "de-DE")));
        String thread = api.createThread();
        String content = "hello " + UUID.randomUUID();
        api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", content));
        String system = system(upstream.call(content).request);
        assertTrue(system.contains("You are talking with Ada, whose role is engineer."), system);
        assertTrue(system.contains("Answer in German."), system);
    }

    private static void assertWorkflowStatus(JsonNode data, String status, int index, String stepId) {
        assertEquals(status, data.path("status").asText(), data.toString());
        assertEquals(index, data.path("step").path("index").asInt(), data.toString());
        assertEquals(stepId, data.path("step").path("id").asText(), data.toString());
        assertTrue(data.path("totalSteps").asInt() > 0);
        assertTrue(data.path("workflow").isTextual());
    }

    private static String system(JsonNode request) {
        return request.path("messages").get(0).path("content").asText();
    }
}

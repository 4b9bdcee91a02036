package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Seeds 002/004's AI tasks against the fake OpenAI and the builtin provider: the seeds' frames
 * exactly, metadata per task, confidence from validation, the kept results and their hour.
 */
abstract class AiTasksCases extends ServerCases {

    private static final List<Integer> FIBONACCI = List.of(1, 2, 3, 5, 8, 13, 21);

    @Override
    String server() {
        return "openai";
    }

    @Test
    void eachTaskStreamsTheSeedsFramesWithItsMetadata() {
        var api = Api.newUser(deployment, "acme");
        var expected = Map.of("refine-description", List.of("improvementsCount"), "estimate-points", List.of("suggestedPoints"),
                "breakdown-issue", List.of("subtasksCount", "totalPoints", "complexity"));
        for (var task : expected.entrySet()) {
            var stream = api.stream("api/ai/" + task.getKey() + "-stream", issue("PM-" + UUID.randomUUID(),
                    "Users sign in with SSO and the API checks their permissions.", "builtin"));
            assertEquals(200, stream.status(), stream.body());
            assertOnlyFrames(stream.body(), "data: \\{[^\n]+}", "only data lines");
            var frames = stream.events();
            var types = frames.stream().map(Api.Frame::type).toList();
            assertEquals(List.of("confidence", "metadata"), types.subList(types.size() - 2, types.size()), task.getKey());
            assertTrue(types.subList(0, types.size() - 2).stream().allMatch("text"::equals), types.toString());
            String text = text(frames);
            assertFalse(text.contains("```") || text.contains("\"confidence\""), "the tail stays out of the text: " + text);

            JsonNode confidence = frames.get(frames.size() - 2).event();
            assertEquals(List.of("type", "value"), Api.fieldNames(confidence));
            assertTrue(confidence.path("value").asDouble() > 0 && confidence.path("value").asDouble() <= 1);
            JsonNode metadata = frames.get(frames.size() - 1).event().path("value");
            var names = new ArrayList<>(task.getValue());
            names.addAll(List.of("model", "tokens", "timestamp"));
            assertEquals(names, Api.fieldNames(metadata), task.getKey());
            assertEquals("builtin-extractive", metadata.path("model").asText());
            assertTrue(metadata.path("tokens").asInt() > 0);
        }
    }

    @Test
    void theWholeAnswerHasTheSameShapeAndTheBuiltinsHeuristicsAreUseful() {
        var api = Api.newUser(deployment, "acme");
        var estimate = api.post("api/ai/estimate-points", issue("PM-7", "Fix the typo on the settings page.", "builtin"));
        assertEquals(200, estimate.status(), estimate.raw().body());
        assertEquals(List.of("text", "confidence", "metadata"), Api.fieldNames(estimate.json()));
        int points = estimate.json().path("metadata").path("suggestedPoints").asInt();
        assertTrue(FIBONACCI.contains(points) && points <= 2, "a typo is small: " + points);

        var breakdown = api.post("api/ai/breakdown-issue", Map.of("issueId", "PM-8", "issueType", "EPIC", "provider", "builtin",
                "currentDescription", "Users sign in with SSO. Export reports to PDF and send email notifications."));
        var meta = breakdown.json().path("metadata");
        assertTrue(meta.path("subtasksCount").asInt() >= 4, meta.toString());
        assertTrue(List.of("low", "medium", "high").contains(meta.path("complexity").asText()));
        assertTrue(breakdown.json().path("text").asText().contains("Export reports to PDF"), breakdown.json().toString());

        var refine = api.post("api/ai/refine-description", issue("PM-9", "Add a dark mode.", "builtin"));
        assertTrue(refine.json().path("text").asText().contains("Acceptance criteria"), refine.json().toString());
    }

    @Test
    void aModelsTailIsValidatedAndItsAnswerKeptForAnHourUnlessRegenerated() {
        var api = Api.newUser(deployment, "acme");
        String marker = UUID.randomUUID().toString();
        String description = "Add login " + marker + " ```json {\"suggestedPoints\":5,\"confidence\":0.9} ```";
        var first = api.stream("api/ai/estimate-points-stream", issue("PM-" + marker, description, null));
        var frames = first.events();
        assertTrue(text(frames).startsWith("You said: Issue: PM-" + marker), text(frames));
        assertFalse(text(frames).contains("```"));
        var call = upstream.calls().stream().filter(sent -> sent.marker.contains(marker)).findFirst().orElseThrow();
        assertTrue(call.request.path("messages").get(0).path("content").asText().contains("Fibonacci"), "the task's instructions");
        assertEquals(0.9, frames.get(frames.size() - 2).event().path("value").asDouble(), "the model's confidence, its tail valid");
        JsonNode metadata = frames.get(frames.size() - 1).event().path("value");
        assertEquals(5, metadata.path("suggestedPoints").asInt());
        assertEquals("fake-gpt", metadata.path("model").asText());
        assertTrue(metadata.path("tokens").asInt() > 0);

        long calls = calls(marker);
        var again = api.post("api/ai/estimate-points", issue("PM-" + marker, description, null));
        var againStream = api.stream("api/ai/estimate-points-stream", issue("PM-" + marker, description, null));
        assertEquals(calls, calls(marker), "the same request within the hour does not call the provider");
        assertEquals(text(frames).strip(), again.json().path("text").asText());
        assertEquals(metadata, again.json().path("metadata"));
        assertEquals(List.of("text", "confidence", "metadata"), againStream.types());
        assertEquals(again.json().path("text").asText(), againStream.events().get(0).event().path("content").asText());

        var regenerated = new HashMap<>(issue("PM-" + marker, description, null));
        regenerated.put("regenerate", true);
        assertEquals(200, api.post("api/ai/estimate-points", regenerated).status());
        assertEquals(calls + 1, calls(marker));

        var results = api.get("api/ai/results?issueId=PM-" + marker).json().path("results");
        assertEquals(2, results.size(), results.toString());
        assertEquals(List.of("task", "text", "confidence", "metadata", "createdAt"), Api.fieldNames(results.get(0)));
        assertEquals("estimate-points", results.get(0).path("task").asText());
        assertTrue(results.get(0).path("createdAt").asText().compareTo(results.get(1).path("createdAt").asText()) >= 0, "newest first");
        assertEquals(0, Api.newUser(deployment, "acme").get("api/ai/results?issueId=PM-" + marker).json().path("results").size(),
                "results are the user's own");

        var untidy = api.post("api/ai/estimate-points", issue("PM-x" + marker, "Add login ```json {\"suggestedPoints\":4} ```", null));
        assertTrue(untidy.json().path("confidence").asDouble() < 0.5, "4 is off the scale and no confidence was stated: " + untidy.json());
    }

    @Test
    void failuresAreTheSeedsErrorFrameOrThePrimaryApisProblems() {
        var api = Api.newUser(deployment, "acme");
        for (String fault : List.of("fault:500", "fault:429", "fault:cut pace:20", "fault:silence")) {
            var stream = api.stream("api/ai/refine-description-stream", issue("PM-f", "Broken " + fault + " " + UUID.randomUUID(), null));
            var last = stream.events().get(stream.events().size() - 1).event();
            assertEquals(List.of("type", "message"), Api.fieldNames(last), fault + ": " + stream.body());
            assertEquals("error", last.path("type").asText());
            assertFalse(stream.types().contains("confidence"));
        }
        assertEquals(502, api.post("api/ai/refine-description", issue("PM-f", "fault:500 " + UUID.randomUUID(), null)).status());
        assertEquals(0, api.get("api/ai/results?issueId=PM-f").json().path("results").size(), "no failed answer is kept");

        assertEquals(400, api.post("api/ai/estimate-points", Map.of("currentDescription", "x")).status());
        assertEquals(400, api.post("api/ai/estimate-points", Map.of("issueId", "PM-1", "currentDescription", " ")).status());
        assertEquals(400, api.stream("api/ai/estimate-points-stream", Map.of("issueId", "PM-1")).status());
        assertEquals(400, api.post("api/ai/estimate-points", issue("PM-1", "x", "nope")).status());
        assertEquals(400, api.get("api/ai/results").status());
        assertEquals(404, api.post("api/ai/summarise-issue", issue("PM-1", "x", null)).status());
        assertEquals(401, Api.as(deployment, null).post("api/ai/estimate-points", issue("PM-1", "x", null)).status());
    }

    private long calls(String marker) {
        return upstream.calls().stream().filter(call -> call.marker.contains(marker)).count();
    }

    private static Map<String, Object> issue(String id, String description, String provider) {
        var issue = new HashMap<String, Object>(Map.of("issueId", id, "issueType", "STORY", "currentDescription", description,
                "priority", "HIGH"));
        if (provider != null) {
            issue.put("provider", provider);
        }
        return issue;
    }

    private static String text(List<Api.Frame> frames) {
        var text = new StringBuilder();
        frames.stream().filter(frame -> "text".equals(frame.type())).forEach(frame -> text.append(frame.event().path("content").asText()));
        return text.toString();
    }
}

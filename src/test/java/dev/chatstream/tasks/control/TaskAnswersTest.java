package dev.chatstream.tasks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.tasks.entity.TaskDefinition;
import dev.chatstream.tasks.entity.TaskRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task's confidence comes from validating its tail against the definition and the model's own
 * statement, never a constant; the builtin's offline answers pass their own tasks' rules.
 */
class TaskAnswersTest {

    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");
    private final TaskCatalog catalog = catalog(Optional.empty());

    @Test
    void aValidTailKeepsTheModelsConfidenceAndAnInvalidOneLowersIt() {
        var estimate = catalog.get("estimate-points");
        var valid = TaskAnswers.of(estimate, "Five.\n```json\n{\"suggestedPoints\": 5, \"confidence\": 0.9}\n```", "gpt", 120, AT);
        assertEquals("Five.", valid.text());
        assertEquals(0.9, valid.confidence());
        assertEquals("{\"suggestedPoints\":5,\"model\":\"gpt\",\"tokens\":120,\"timestamp\":\"2026-12-02T10:00:00Z\"}",
                valid.metadata().toString());

        var offScale = TaskAnswers.of(estimate, "Four.\n```json\n{\"suggestedPoints\": 4, \"confidence\": 0.9}\n```", "gpt", 120, AT);
        assertTrue(offScale.confidence() < valid.confidence() && offScale.confidence() > 0, "4 is not on the Fibonacci scale");
        var unstated = TaskAnswers.of(estimate, "Five.\n```json\n{\"suggestedPoints\": 5}\n```", "gpt", null, AT);
        assertTrue(unstated.confidence() < valid.confidence());
        assertEquals(0.0, TaskAnswers.of(estimate, "No tail at all.", "gpt", 10, AT).confidence());
        assertEquals("null", TaskAnswers.of(estimate, "No tail at all.", "gpt", 10, AT).metadata().get("suggestedPoints").toString());
    }

    @Test
    void aBreakdownWhoseTotalIsNotItsSumIsLessCertain() {
        var breakdown = catalog.get("breakdown-issue");
        String subtasks = "\"subtasks\": [{\"title\": \"API\", \"points\": 3}, {\"title\": \"UI\", \"points\": 5}]";
        var right = TaskAnswers.of(breakdown, "Plan\n```json\n{" + subtasks
                + ", \"totalPoints\": 8, \"complexity\": \"medium\", \"confidence\": 0.8}\n```", "m", 1, AT);
        var wrong = TaskAnswers.of(breakdown, "Plan\n```json\n{" + subtasks
                + ", \"totalPoints\": 9, \"complexity\": \"medium\", \"confidence\": 0.8}\n```", "m", 1, AT);
        assertEquals(0.8, right.confidence());
        assertTrue(wrong.confidence() < right.confidence());
        assertEquals(2, right.metadata().getInt("subtasksCount"));
        assertEquals(8, right.metadata().getInt("totalPoints"));
        assertEquals("medium", right.metadata().getString("complexity"));
    }

    @Test
    void theOfflineAnswersMeetTheirOwnRulesAndFollowTheScope() {
        var small = new TaskRequest("PM-1", "BUG", "Fix the typo on the settings page.", null, null, null);
        var large = new TaskRequest("PM-2", "EPIC", "Users sign in with SSO and the API checks permissions. "
                + "Export reports to PDF and send email notifications. Migrate the database schema.", "HIGH", null, null);
        for (String task : TaskCatalog.BUNDLED) {
            String name = task.replace(".json", "");
            for (var issue : java.util.List.of(small, large)) {
                String answer = OfflineTasks.answer(name, issue);
                assertEquals(answer, OfflineTasks.answer(name, issue), "deterministic");
                var result = TaskAnswers.of(catalog.get(name), answer, "builtin-extractive", 10, AT);
                assertEquals(1.0, TailValidation.of(catalog.get(name), TailSplitter.split(answer)[1]).passedShare(), name + ": " + answer);
                assertTrue(result.confidence() > 0.3 && result.confidence() < 0.9, name + " " + result.confidence());
                assertTrue(!result.text().contains("```"), "the tail is not in the text");
            }
        }
        int smallPoints = estimate(small);
        int largePoints = estimate(large);
        assertTrue(smallPoints <= 2 && largePoints >= 13, smallPoints + " / " + largePoints);
        assertTrue(OfflineTasks.answer("refine-description", small).contains("regression test"));
        assertTrue(OfflineTasks.answer("breakdown-issue", large).contains("Build: Migrate the database schema"));
    }

    @Test
    void aFolderReplacesABundledTaskByNameAndABrokenFileIsSkipped(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("a-estimate.json"), """
                {"name": "estimate-points", "title": "Our estimate", "instructions": "Estimate in t-shirt sizes.",
                 "output": {"size": {"type": "string", "oneOf": ["S", "M", "L"]}}, "metadata": {"size": "size"}}""");
        Files.writeString(folder.resolve("b-broken.json"), "{\"name\": \"refine-description\", \"output\": {}}");
        var overridden = catalog(Optional.of(folder.toString()));
        assertEquals("Our estimate", overridden.get("estimate-points").title());
        assertEquals("Refine description", overridden.get("refine-description").title(), "the broken override was skipped");
        var answer = TaskAnswers.of(overridden.get("estimate-points"), "M\n```json\n{\"size\": \"M\"}\n```", "m", 1, AT);
        assertEquals("M", answer.metadata().getString("size"));
    }

    private int estimate(TaskRequest issue) {
        return TaskAnswers.of(catalog.get("estimate-points"), OfflineTasks.answer("estimate-points", issue), "b", 1, AT)
                .metadata().getInt("suggestedPoints");
    }

    private static TaskCatalog catalog(Optional<String> folder) {
        var catalog = new TaskCatalog(folder);
        catalog.load();
        return catalog;
    }
}

package dev.chatstream.tasks.control;

import dev.chatstream.platform.Json;
import dev.chatstream.tasks.entity.TaskAnswer;
import dev.chatstream.tasks.entity.TaskDefinition;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import java.time.Instant;

/** A task's answer from the model's whole text: the text without its tail, the confidence, the metadata. */
final class TaskAnswers {

    private static final String COUNT = "count:";

    private TaskAnswers() {
    }

    /** @param tokens the run's real usage, all tokens; null when the provider reported none */
    static TaskAnswer of(TaskDefinition task, String answer, String model, Integer tokens, Instant at) {
        String[] parts = TailSplitter.split(answer);
        var validation = TailValidation.of(task, parts[1]);
        var tail = validation.tail();
        var metadata = Json.JSON_P.createObjectBuilder();
        task.metadata().forEach((name, source) -> {
            JsonValue value = source.startsWith(COUNT)
                    ? tail.get(source.substring(COUNT.length())) instanceof JsonArray array ? Json.JSON_P.createValue(array.size()) : JsonValue.NULL
                    : tail.getOrDefault(source, JsonValue.NULL);
            metadata.add(name, value);
        });
        metadata.add("model", model == null ? "unknown" : model);
        if (tokens == null) {
            metadata.addNull("tokens");
        } else {
            metadata.add("tokens", tokens);
        }
        metadata.add("timestamp", at.toString());
        return new TaskAnswer(parts[0], validation.confidence(), metadata.build());
    }
}

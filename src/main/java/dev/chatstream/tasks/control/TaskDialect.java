package dev.chatstream.tasks.control;

import dev.chatstream.platform.Json;
import dev.chatstream.streaming.control.SseDialect;
import dev.chatstream.streaming.entity.Frame;
import dev.chatstream.streaming.entity.StreamEvent;
import dev.chatstream.tasks.entity.TaskAnswer;
import dev.chatstream.tasks.entity.TaskDefinition;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Seeds 002/004's frames: {@code text} per delta (the structured tail held back), then
 * {@code confidence} and {@code metadata} once the answer is complete; {@code error} on failure.
 * One per reader; the completed answer also goes to {@code keep}.
 */
final class TaskDialect implements SseDialect {

    private final TaskDefinition task;
    private final Consumer<TaskAnswer> keep;
    private final TailSplitter splitter = new TailSplitter();
    private String accumulated = "";
    private StreamEvent.Metadata metadata;
    private boolean failed;

    TaskDialect(TaskDefinition task, Consumer<TaskAnswer> keep) {
        this.task = task;
        this.keep = keep;
    }

    @Override
    public byte[] render(Frame frame) {
        var event = frame.event();
        if (event instanceof StreamEvent.AiDelta delta) {
            return text(splitter.accept(delta.content()));
        }
        if (event instanceof StreamEvent.AiComplete complete) {
            accumulated = complete.accumulated();
            return text(splitter.finish());
        }
        if (event instanceof StreamEvent.Metadata made) {
            metadata = made;
            return null;
        }
        if (event instanceof StreamEvent.Error error) {
            failed = true;
            return SseDialect.dataFrames(error(error.message()));
        }
        if (event instanceof StreamEvent.Done done) {
            if (done.success()) {
                var answer = TaskAnswers.of(task, accumulated, metadata == null ? null : metadata.model(),
                        metadata == null || metadata.usage() == null ? null : metadata.usage().totalTokens(), Instant.now());
                keep.accept(answer);
                return SseDialect.dataFrames(closing(answer));
            }
            return failed ? null : SseDialect.dataFrames(error("The answer was " + done.status()));
        }
        return null;
    }

    /** What follows the text of a completed answer, kept or new. */
    static List<JsonObject> closing(TaskAnswer answer) {
        var closing = new ArrayList<JsonObject>();
        closing.add(Json.JSON_P.createObjectBuilder().add("type", "confidence").add("value", answer.confidence()).build());
        closing.add(Json.JSON_P.createObjectBuilder().add("type", "metadata").add("value", answer.metadata()).build());
        return closing;
    }

    static JsonObject textFrame(String text) {
        return Json.JSON_P.createObjectBuilder().add("type", "text").add("content", text).build();
    }

    private static byte[] text(String shown) {
        return shown.isEmpty() ? null : SseDialect.deltaFrame("{\"type\":\"text\",\"content\":", shown, "}");
    }

    private static JsonObject error(String message) {
        return Json.JSON_P.createObjectBuilder().add("type", "error").add("message", message).build();
    }
}

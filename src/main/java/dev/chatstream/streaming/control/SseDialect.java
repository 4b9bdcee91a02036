package dev.chatstream.streaming.control;

import dev.chatstream.streaming.entity.Frame;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How a run's events look on one surface's wire: the contract's own frames, or a seed's. A
 * dialect may keep state (one instance per reader): its frames are rendered in the run's order.
 */
@FunctionalInterface
public interface SseDialect {

    /** The contract's frames: each event's id and data line, rendered once for every reader. */
    SseDialect CONTRACT = Frame::sse;

    /** The SSE lines this event becomes (several frames separated by a blank line), or null when it shows nothing. */
    byte[] render(Frame frame);

    /** Frames of one {@code data:} line each, without an id (the seeds' frames); null for none. */
    static byte[] dataFrames(List<JsonObject> frames) {
        if (frames.isEmpty()) {
            return null;
        }
        var lines = new StringBuilder();
        for (JsonObject data : frames) {
            if (!lines.isEmpty()) {
                lines.append('\n');
            }
            lines.append("data: ").append(data).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] dataFrames(JsonObject... frames) {
        return dataFrames(List.of(frames));
    }

    /**
     * A seed's frame for one piece of the answer, {@code before + "<delta as a JSON string>" + after},
     * written by hand as the contract's deltas are: most frames are deltas.
     */
    static byte[] deltaFrame(String before, String delta, String after) {
        var line = new StringBuilder(before.length() + delta.length() + after.length() + 16).append("data: ").append(before);
        EventJson.quote(delta, line);
        return line.append(after).append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}

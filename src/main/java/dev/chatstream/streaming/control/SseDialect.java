package dev.chatstream.streaming.control;

import dev.chatstream.streaming.entity.Frame;
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

    /** Frames of one {@code data:} line each, without an id (the seeds' frames). */
    static byte[] dataFrames(List<String> json) {
        if (json.isEmpty()) {
            return null;
        }
        var lines = new StringBuilder();
        for (String data : json) {
            if (!lines.isEmpty()) {
                lines.append('\n');
            }
            lines.append("data: ").append(data).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }
}

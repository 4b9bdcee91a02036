package dev.chatstream.streaming.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatstream.streaming.entity.StreamEvent;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames taken apart into fields put the same lines on the wire once RESTEasy writes them field by field. */
class FieldEventTest {

    @Test
    void theFieldsWrittenAsRestEasyWritesThemAreTheRenderedFrames() {
        var frames = List.of(
                EventJson.frame("run", 1, new StreamEvent.Connected("t", "run"), Instant.EPOCH),
                EventJson.frame("run", 2, new StreamEvent.AiDelta("m", "Hello: wörld"), Instant.EPOCH));
        var rendered = new StringBuilder();
        for (var frame : frames) {
            rendered.append(new String(SseDialect.CONTRACT.render(frame), StandardCharsets.UTF_8)).append('\n');
        }
        rendered.append(": ping\n\n").append("event: chunk\ndata: two\ndata: lines\n\n");

        var written = new StringBuilder();
        FieldEvent.of(rendered.toString()).forEach(event -> written.append(asRestEasyWritesIt(event)));

        assertEquals(rendered.toString(), written.toString());
    }

    /** What RESTEasy's SseEventProvider writes for an event: comment, name, id, data lines, then the blank line. */
    private static String asRestEasyWritesIt(OutboundSseEvent event) {
        var out = new StringBuilder();
        if (event.getComment() != null) {
            event.getComment().lines().forEach(line -> out.append(": ").append(line).append('\n'));
        }
        if (event.getName() != null) {
            out.append("event: ").append(event.getName()).append('\n');
        }
        if (event.getId() != null) {
            out.append("id: ").append(event.getId()).append('\n');
        }
        if (event.getData() != null) {
            out.append("data: ").append(((String) event.getData()).replace("\n", "\ndata: ")).append('\n');
        }
        return out.append('\n').toString();
    }
}

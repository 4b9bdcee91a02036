package dev.chatstream.streaming.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.streaming.entity.StreamEvent;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Frames go out pre-rendered; several at once are byte for byte the same frames one by one. */
class SseSubscriberTest {

    /** Writes what Jersey's sink writes: the event's bytes, then the blank line that ends a frame. */
    static final class RecordingSink implements SseEventSink {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        int sends;

        @Override
        public boolean isClosed() {
            return false;
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            sends++;
            written.writeBytes(((RenderedEvent) event).bytes());
            written.write('\n');
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }

        String text() {
            return written.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void framesWrittenTogetherAreTheFramesWrittenOneByOne() {
        var frames = List.of(
                EventJson.frame("run", 1, new StreamEvent.Connected("t", "run"), Instant.EPOCH),
                EventJson.frame("run", 2, new StreamEvent.AiDelta("m", "Hello"), Instant.EPOCH),
                EventJson.frame("run", 3, new StreamEvent.AiDelta("m", " wörld"), Instant.EPOCH));
        var oneByOne = new RecordingSink();
        frames.forEach(new SseSubscriber(oneByOne)::deliver);
        var together = new RecordingSink();
        assertTrue(new SseSubscriber(together).deliver(frames));

        assertEquals(oneByOne.text(), together.text());
        assertEquals(1, together.sends, "one write for all three");
        assertTrue(together.text().startsWith("id: run:1\ndata: {\"type\":\"connected\""));
        assertTrue(together.text().endsWith("\"timestamp\":\"1970-01-01T00:00:00.000Z\"}\n\n"));
    }

    @Test
    void aPingIsACommentFrame() {
        var sink = new RecordingSink();
        new SseSubscriber(sink).ping();
        assertEquals(": ping\n\n", sink.text());
    }
}

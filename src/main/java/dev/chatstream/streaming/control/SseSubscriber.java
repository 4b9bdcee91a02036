package dev.chatstream.streaming.control;

import dev.chatstream.streaming.entity.Frame;
import java.nio.ByteBuffer;
import java.util.List;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;

/** An SSE client reading a run: each event one frame with its id and one data line. */
public final class SseSubscriber implements Subscriber {

    private final SseEventSink sink;

    public SseSubscriber(SseEventSink sink) {
        this.sink = sink;
    }

    @Override
    public boolean deliver(Frame frame) {
        return send(new RenderedEvent(frame.sse()));
    }

    /** Up to 64 frames in one write and one flush. */
    @Override
    public int batch() {
        return 64;
    }

    /** Several frames in one write and one flush, as the sink would have written them one by one. */
    @Override
    public boolean deliver(List<Frame> frames) {
        if (frames.size() == 1) {
            return deliver(frames.get(0));
        }
        int size = frames.size() - 1;
        for (Frame frame : frames) {
            size += frame.sse().length;
        }
        var bytes = ByteBuffer.allocate(size);
        for (int i = 0; i < frames.size(); i++) {
            if (i > 0) {
                bytes.put((byte) '\n');
            }
            bytes.put(frames.get(i).sse());
        }
        return send(new RenderedEvent(bytes.array()));
    }

    @Override
    public boolean ping() {
        return send(RenderedEvent.PING);
    }

    /** Jersey reports a gone client only by failing a send, and only some sends after it left. */
    private boolean send(OutboundSseEvent event) {
        if (sink.isClosed()) {
            return false;
        }
        try {
            return !sink.send(event).toCompletableFuture().isCompletedExceptionally() && !sink.isClosed();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            sink.close();
        } catch (RuntimeException ignored) {
            // the client is gone already; nothing is left to release
        }
    }
}

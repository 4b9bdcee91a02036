package dev.chatstream.streaming.control;

import dev.chatstream.streaming.entity.Frame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;

/** An SSE client reading a run, in the contract's frames or a surface's own dialect. */
public final class SseSubscriber implements Subscriber {

    private final SseEventSink sink;
    private final SseDialect dialect;
    private final boolean writesRenderedBytes;

    public SseSubscriber(SseEventSink sink) {
        this(sink, SseDialect.CONTRACT);
    }

    public SseSubscriber(SseEventSink sink, SseDialect dialect) {
        this.sink = sink;
        this.dialect = dialect;
        this.writesRenderedBytes = writesRenderedBytes(sink);
    }

    /**
     * Jersey writes an event through the message-body writer for the event's own class, so a
     * {@link RenderedEvent} goes out as its bytes; RESTEasy writes every event field by field
     * through its own provider, whatever its class, so it gets the fields ({@link FieldEvent}).
     */
    private static boolean writesRenderedBytes(SseEventSink sink) {
        return !sink.getClass().getName().startsWith("org.jboss.resteasy.");
    }

    @Override
    public boolean deliver(Frame frame) {
        byte[] lines = dialect.render(frame);
        return lines == null ? !sink.isClosed() : send(new RenderedEvent(lines));
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
        var rendered = new ArrayList<byte[]>(frames.size());
        int size = -1;
        for (Frame frame : frames) {
            byte[] lines = dialect.render(frame);
            if (lines != null) {
                rendered.add(lines);
                size += lines.length + 1;
            }
        }
        if (rendered.isEmpty()) {
            return !sink.isClosed();
        }
        var bytes = ByteBuffer.allocate(size);
        for (int i = 0; i < rendered.size(); i++) {
            if (i > 0) {
                bytes.put((byte) '\n');
            }
            bytes.put(rendered.get(i));
        }
        return send(new RenderedEvent(bytes.array()));
    }

    /** Answers without a run (an answer already kept): these lines, then the end of the stream. */
    public void replyWhole(byte[] lines) {
        send(new RenderedEvent(lines));
        close();
    }

    @Override
    public boolean ping() {
        return send(RenderedEvent.PING);
    }

    private boolean send(RenderedEvent event) {
        if (writesRenderedBytes) {
            return send((OutboundSseEvent) event);
        }
        for (OutboundSseEvent fields : FieldEvent.of(event.text())) {
            if (!send(fields)) {
                return false;
            }
        }
        return true;
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

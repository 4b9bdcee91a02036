package dev.chatstream.streaming.control;

import dev.chatstream.streaming.entity.Frame;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/** An SSE client reading a run: each event one frame with its id and one data line. */
public final class SseSubscriber implements Subscriber {

    private final SseEventSink sink;
    private final Sse sse;
    private final OutboundSseEvent ping;

    public SseSubscriber(SseEventSink sink, Sse sse) {
        this.sink = sink;
        this.sse = sse;
        this.ping = sse.newEventBuilder().comment("ping").build();
    }

    @Override
    public boolean deliver(Frame frame) {
        return send(sse.newEventBuilder().id(frame.id()).data(frame.json()).build());
    }

    @Override
    public boolean ping() {
        return send(ping);
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

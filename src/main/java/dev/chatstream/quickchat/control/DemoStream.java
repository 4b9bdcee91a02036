package dev.chatstream.quickchat.control;

import dev.chatstream.platform.Json;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.TimeUnit;

/**
 * Seed 001's demo stream: a few chunk frames a second apart, then done, with no provider behind
 * it, for checking that SSE gets through a proxy. The frames are a few dozen bytes in all, which
 * a socket's buffer always takes, so the timer thread never waits on a client.
 */
@ApplicationScoped
public class DemoStream {

    static final int FRAMES = 5;
    static final long INTERVAL_MILLIS = 1000;

    @Resource
    ManagedScheduledExecutorService scheduler;

    public void start(Sse sse, SseEventSink sink) {
        send(sse, sink, 1);
    }

    private void send(Sse sse, SseEventSink sink, int frame) {
        if (sink.isClosed()) {
            return;
        }
        boolean last = frame > FRAMES;
        var data = Json.JSON_P.createObjectBuilder().add("chunk", last ? "" : "Event " + frame + " of " + FRAMES)
                .add("done", last).build().toString();
        sink.send(sse.newEventBuilder().data(data).build()).whenComplete((sent, failure) -> {
            if (last || failure != null) {
                sink.close();
            } else {
                scheduler.schedule(() -> send(sse, sink, frame + 1), INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
    }
}

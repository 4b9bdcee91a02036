package dev.chatstream.streaming.control;

import dev.chatstream.streaming.entity.Frame;
import dev.chatstream.streaming.entity.StreamEvent;
import dev.chatstream.threads.entity.MessageView;
import java.util.concurrent.CompletableFuture;

/** A subscriber for a non-streaming send: waits for {@code done}, remembering the user's stored message. */
final class ResultCollector implements Subscriber {

    private final CompletableFuture<StreamEvent.Done> done = new CompletableFuture<>();
    private volatile MessageView userMessage;

    @Override
    public boolean deliver(Frame frame) {
        if (frame.event() instanceof StreamEvent.MessageSaved saved) {
            userMessage = saved.message();
        } else if (frame.event() instanceof StreamEvent.Done end) {
            done.complete(end);
        }
        return true;
    }

    @Override
    public boolean ping() {
        return true;
    }

    @Override
    public void close() {
        // nothing to release: the waiting request reads the outcome from the future
    }

    CompletableFuture<StreamEvent.Done> done() {
        return done;
    }

    MessageView userMessage() {
        return userMessage;
    }
}

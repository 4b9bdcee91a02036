package dev.chatstream.threads.boundary;

import dev.chatstream.threads.entity.MessageView;
import dev.chatstream.threads.entity.ThreadView;
import java.util.List;

/** The response envelopes of the threads API. */
public final class Responses {

    private Responses() {
    }

    public record OneThread(ThreadView thread) {
    }

    public record ThreadList(List<ThreadView> threads, String nextCursor) {
    }

    public record MessageList(List<MessageView> messages, String nextCursor) {
    }

    public record Versions(List<MessageView> versions) {
    }
}

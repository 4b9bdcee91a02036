package dev.chatstream.threads.boundary;

import dev.chatstream.threads.entity.MessageView;
import dev.chatstream.threads.entity.ThreadView;
import java.util.List;

/** The response envelopes of the threads API. */
final class Responses {

    private Responses() {
    }

    record OneThread(ThreadView thread) {
    }

    record ThreadList(List<ThreadView> threads, String nextCursor) {
    }

    record MessageList(List<MessageView> messages, String nextCursor) {
    }
}

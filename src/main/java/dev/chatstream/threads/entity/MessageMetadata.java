package dev.chatstream.threads.entity;

import dev.chatstream.shared.Usage;

/** How an assistant message was generated; null on user messages. */
public record MessageMetadata(String provider, String model, Usage usage, Long ttftMs, Long latencyMs,
                              String finishReason) {

    static MessageMetadata of(ChatMessage message) {
        if (message.provider() == null) {
            return null;
        }
        return new MessageMetadata(message.provider(), message.model(),
                Usage.of(message.inputTokens(), message.outputTokens()),
                message.ttftMs(), message.latencyMs(), message.finishReason());
    }
}

package dev.chatstream.threads.entity;

import java.time.Instant;
import java.util.List;

/** A message as the API shows it. */
public record MessageView(String id, String threadId, MessageRole role, String content, MessageStatus status,
                          int version, String parentId, List<CitationView> citations, Double confidence,
                          MessageMetadata metadata, Instant createdAt, Instant completedAt) {

    public static MessageView of(ChatMessage message) {
        return new MessageView(message.id(), message.threadId(), message.role(), message.content(), message.status(),
                message.version(), message.parentId(), List.of(), message.confidence(),
                MessageMetadata.of(message), message.createdAt(), message.completedAt());
    }
}

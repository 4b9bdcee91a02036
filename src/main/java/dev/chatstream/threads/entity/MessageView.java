package dev.chatstream.threads.entity;

import dev.chatstream.shared.CitationView;

import java.time.Instant;
import java.util.List;

/** A message as the API shows it. */
public record MessageView(String id, String threadId, MessageRole role, String content, MessageStatus status,
                          int version, String parentId, List<CitationView> citations, Double confidence,
                          MessageMetadata metadata, Instant createdAt, Instant completedAt) {

    /** A message without its citations: user messages, and answers that used no retrieval. */
    public static MessageView of(ChatMessage message) {
        return of(message, List.of());
    }

    public static MessageView of(ChatMessage message, List<CitationView> citations) {
        return new MessageView(message.id(), message.threadId(), message.role(), message.content(), message.status(),
                message.version(), message.parentId(), citations, message.confidence(),
                MessageMetadata.of(message), message.createdAt(), message.completedAt());
    }
}

package dev.chatstream.widget.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/** {@code {"messages": [...]}}: a widget session's conversation, oldest first. */
public record WidgetHistory(List<Message> messages) {

    /** One message as the widget renders it; {@code role} is user or assistant. */
    @JsonbPropertyOrder({"id", "role", "content", "citations", "status", "timestamp"})
    public record Message(String id, String role, String content, List<WidgetCitation> citations, String status,
                          Instant timestamp) {
    }
}

package dev.chatstream.threads.control;

import dev.chatstream.shared.CitationView;
import dev.chatstream.threads.entity.ChatMessage;
import dev.chatstream.threads.entity.MessageCitation;
import dev.chatstream.threads.entity.MessageView;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hibernate.Session;

/** Messages with their stored citations, loaded for a whole page in one query. */
final class Citations {

    private Citations() {
    }

    static List<MessageView> views(Session session, List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        Map<String, List<CitationView>> byMessage = session.createSelectionQuery(
                        "from MessageCitation c where c.messageId in :ids order by c.messageId, c.index", MessageCitation.class)
                .setParameter("ids", messages.stream().map(ChatMessage::id).toList())
                .getResultList().stream()
                .collect(Collectors.groupingBy(MessageCitation::messageId,
                        Collectors.mapping(MessageCitation::view, Collectors.toList())));
        return messages.stream().map(message -> MessageView.of(message, byMessage.getOrDefault(message.id(), List.of()))).toList();
    }

    static MessageView view(Session session, ChatMessage message) {
        return views(session, List.of(message)).get(0);
    }
}

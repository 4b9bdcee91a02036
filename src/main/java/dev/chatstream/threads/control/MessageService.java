package dev.chatstream.threads.control;

import dev.chatstream.platform.Database;
import dev.chatstream.shared.Owner;
import dev.chatstream.threads.entity.ChatMessage;
import dev.chatstream.threads.entity.MessageView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reading a thread's messages: newest page first, each page oldest first. */
@ApplicationScoped
public class MessageService {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private final Database database;

    @Inject
    public MessageService(Database database) {
        this.database = database;
    }

    protected MessageService() {
        this(null);
    }

    /**
     * @param allVersions every version of each answer, rather than only the latest
     * @param before      a cursor from an earlier page: only messages older than it
     */
    public Page<MessageView> list(Owner owner, String threadId, Integer requestedLimit, String before, boolean allVersions) {
        int limit = Cursor.limit(requestedLimit, DEFAULT_LIMIT, MAX_LIMIT);
        Cursor cursor = before == null || before.isBlank() ? null : Cursor.decode(before);
        int version = cursor == null ? 0 : cursor.secondAsInt();
        return database.fromTransaction(session -> {
            ThreadService.owned(session, owner, threadId);
            List<ChatMessage> rows = session.createSelectionQuery("""
                    from ChatMessage m where m.threadId = :thread and (:all = true or m.latest = true)
                    and (:before = false or m.position < :position or (m.position = :position and m.version < :version))
                    order by m.position desc, m.version desc""", ChatMessage.class)
                    .setParameter("thread", threadId)
                    .setParameter("all", allVersions)
                    .setParameter("before", cursor != null)
                    .setParameter("position", cursor == null ? 0L : cursor.first())
                    .setParameter("version", version)
                    .setMaxResults(limit + 1)
                    .getResultList();
            boolean more = rows.size() > limit;
            var page = new ArrayList<>(more ? rows.subList(0, limit) : rows);
            Collections.reverse(page);
            String next = more ? new Cursor(page.get(0).position(), String.valueOf(page.get(0).version())).encode() : null;
            return new Page<>(Citations.views(session, page), next);
        });
    }
}

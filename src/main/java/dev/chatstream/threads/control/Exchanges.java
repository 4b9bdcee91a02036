package dev.chatstream.threads.control;

import dev.chatstream.platform.Database;
import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.threads.entity.ChatMessage;
import dev.chatstream.threads.entity.ChatThread;
import dev.chatstream.threads.entity.MessageStatus;
import dev.chatstream.threads.entity.MessageView;
import dev.chatstream.threads.entity.Owner;
import dev.chatstream.threads.entity.RunOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

/**
 * The storage side of a send: the user's message and the answer's placeholder committed before
 * anything streams, and the answer's outcome written once when its run ends.
 */
@ApplicationScoped
public class Exchanges {

    /** Older messages than these never reach a prompt; the token budget trims further. */
    private static final int HISTORY_MESSAGES = 40;

    private final Database database;
    private final int maxContentChars;

    @Inject
    public Exchanges(Database database, @ConfigProperty(name = "CHAT_MAX_CONTENT_CHARS") int maxContentChars) {
        this.database = database;
        this.maxContentChars = maxContentChars;
    }

    protected Exchanges() {
        this(null, 0);
    }

    /** What a run needs from storage to start. */
    public record Begun(ThreadFacts thread, MessageView userMessage, String answerId, List<MessageView> history) {
    }

    /** The thread facts a run needs; never the entity. */
    public record ThreadFacts(String id, String collection) {
    }

    public void checkContent(String content) {
        if (content == null || content.isBlank()) {
            throw ProblemException.badRequest("content must not be blank");
        }
        if (content.length() > maxContentChars) {
            throw ProblemException.tooLarge("content is " + content.length() + " characters; at most "
                    + maxContentChars + " are accepted");
        }
    }

    /**
     * Stores the user's message and an empty streaming answer, and marks the thread busy with the
     * run, in one transaction that holds the thread's row lock: two sends cannot both start.
     */
    public Begun begin(Owner owner, String threadId, String content, String runId) {
        checkContent(content);
        return database.fromTransaction(session -> {
            var thread = ThreadService.owned(session, owner, threadId, LockModeType.PESSIMISTIC_WRITE);
            if (thread.activeRunId() != null) {
                throw ProblemException.conflict("A run is already active on this thread",
                        Map.of("activeRunId", thread.activeRunId()));
            }
            List<MessageView> history = history(session, threadId);
            var question = ChatMessage.fromUser(threadId, content, thread.takeExchangePosition());
            var answer = ChatMessage.answering(question, 1);
            session.persist(question);
            session.persist(answer);
            thread.startRun(runId);
            return new Begun(new ThreadFacts(thread.id(), thread.collection()), MessageView.of(question), answer.id(), history);
        });
    }

    /** Writes the answer's final state and frees the thread for the next send. */
    public void finish(String threadId, String runId, String answerId, RunOutcome outcome) {
        database.inTransaction(session -> {
            var answer = session.find(ChatMessage.class, answerId);
            if (answer != null) {
                answer.record(outcome);
            }
            var thread = session.find(ChatThread.class, threadId);
            if (thread != null) {
                thread.endRun(runId);
                thread.touch();
            }
        });
    }

    /** The message as stored now. */
    public MessageView stored(String messageId) {
        return database.fromTransaction(session -> MessageView.of(session.find(ChatMessage.class, messageId)));
    }

    /** Marks answers a crash left streaming as interrupted, and frees their threads. */
    public int recoverInterrupted() {
        return database.fromTransaction(session -> {
            int messages = session.createMutationQuery(
                            "update ChatMessage m set m.status = :interrupted where m.status = :streaming")
                    .setParameter("interrupted", MessageStatus.interrupted)
                    .setParameter("streaming", MessageStatus.streaming)
                    .executeUpdate();
            session.createMutationQuery("update ChatThread t set t.activeRunId = null where t.activeRunId is not null")
                    .executeUpdate();
            return messages;
        });
    }

    private static List<MessageView> history(Session session, String threadId) {
        var rows = new ArrayList<>(session.createSelectionQuery("""
                        from ChatMessage m where m.threadId = :thread and m.latest = true and m.content <> ''
                        order by m.position desc, m.version desc""", ChatMessage.class)
                .setParameter("thread", threadId)
                .setMaxResults(HISTORY_MESSAGES)
                .getResultList());
        Collections.reverse(rows);
        return rows.stream().map(MessageView::of).toList();
    }
}

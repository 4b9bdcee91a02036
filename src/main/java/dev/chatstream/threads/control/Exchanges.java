package dev.chatstream.threads.control;

import dev.chatstream.platform.Database;
import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.shared.Owner;
import dev.chatstream.threads.entity.ChatMessage;
import dev.chatstream.threads.entity.ChatThread;
import dev.chatstream.threads.entity.MessageCitation;
import dev.chatstream.threads.entity.MessageRole;
import dev.chatstream.threads.entity.MessageStatus;
import dev.chatstream.threads.entity.MessageView;
import dev.chatstream.threads.entity.RunOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

/**
 * The storage side of a run: the user's message and the answer's placeholder committed before
 * anything streams, checkpoints of the text while it streams, and the outcome written once when
 * the run ends.
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

    /**
     * What a run needs from storage to start.
     *
     * @param question the user message being answered
     * @param history  the conversation before it, oldest first
     */
    public record Begun(ThreadFacts thread, MessageView question, String answerId, List<MessageView> history) {
    }

    /**
     * The thread facts a run needs; never the entity.
     *
     * @param workflow      the workflow's name, null for a plain chat
     * @param workflowStep  the step this run answers, null when none is active
     * @param stepAnswers   the user's latest answer to each earlier step, by step index
     */
    public record ThreadFacts(String id, String collection, String workflow, Integer workflowStep,
                              Map<Integer, String> stepAnswers) {
    }

    /** A thread's workflow after a run: where it stands now. */
    public record WorkflowProgress(String workflow, String status, Integer step) {
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
     * A send read and not yet committed: what its run needs, and the rows {@link #admit} writes.
     * The run's provider request starts from it while the admission commits; nothing streams
     * before that commit.
     *
     */
    public static final class Admission {

        private final Begun begun;
        private final String runId;
        /** The thread's row version as read: the claim succeeds only if it is still so. */
        private final long threadVersion;
        /** How many positions the exchange takes (a regeneration takes none). */
        private final int positions;
        private final List<ChatMessage> rows;
        /** The question whose earlier answers stop being the latest; null for a send. */
        private final String supersededUnder;

        private Admission(Begun begun, String runId, ChatThread thread, int positions, List<ChatMessage> rows,
                          String supersededUnder) {
            this.begun = begun;
            this.runId = runId;
            this.threadVersion = thread.rowVersion();
            this.positions = positions;
            this.rows = rows;
            this.supersededUnder = supersededUnder;
        }

        public Begun begun() {
            return begun;
        }

        public String runId() {
            return runId;
        }
    }

    /**
     * Reads what a send of {@code content} needs, without a lock: the thread (409 if a run is
     * active on it), its history, and the user's message and the answer's placeholder to store.
     */
    public Admission send(Owner owner, String threadId, String content, String runId) {
        return database.fromTransaction(session -> {
            var thread = idle(ThreadService.owned(session, owner, threadId));
            var question = ChatMessage.fromUser(threadId, content, thread.nextPosition(), thread.activeStep());
            var answer = ChatMessage.answering(question, 1, runId);
            var begun = new Begun(facts(session, thread), MessageView.of(question), answer.id(),
                    history(session, threadId, Long.MAX_VALUE));
            return new Admission(begun, runId, thread, 2, List.of(question, answer), null);
        });
    }

    /**
     * Reads what a new version of assistant message {@code messageId} needs: the same question,
     * the next version number; the earlier versions stop being the latest when it is admitted.
     */
    public Admission regenerate(Owner owner, String threadId, String messageId, String runId) {
        return database.fromTransaction(session -> {
            var thread = idle(ThreadService.owned(session, owner, threadId));
            var previous = session.find(ChatMessage.class, messageId);
            if (previous == null || !previous.threadId().equals(threadId)) {
                throw ProblemException.notFound("Message");
            }
            if (previous.role() != MessageRole.assistant) {
                throw ProblemException.badRequest("Only an assistant message can be regenerated");
            }
            var question = session.find(ChatMessage.class, previous.parentId());
            var versions = versions(session, question.id());
            var answer = ChatMessage.answering(question, versions.get(versions.size() - 1).version() + 1, runId);
            var facts = new ThreadFacts(thread.id(), thread.collection(), thread.workflowName(), question.workflowStep(),
                    stepAnswers(session, threadId, question.workflowStep()));
            var begun = new Begun(facts, MessageView.of(question), answer.id(), history(session, threadId, question.position()));
            return new Admission(begun, runId, thread, 0, List.of(answer), question.id());
        });
    }

    /**
     * Commits an admission in one short transaction shared with other sends (see
     * {@link Database#fromSharedTransaction}): one conditional UPDATE claims the thread from
     * exactly the state that was read (idle, same row version), so two sends cannot both start
     * and no lock was held while reading; the inserts go in one batch.
     *
     * @return false when the thread changed since it was read (another send won it, or a rename):
     *     nothing was written, and the send must be read again
     */
    public boolean admit(Admission admission) {
        return database.fromSharedTransaction(session -> {
            if (!claim(session, admission)) {
                return false;
            }
            if (admission.supersededUnder != null) {
                session.createMutationQuery("update ChatMessage m set m.latest = false where m.parentId = :question")
                        .setParameter("question", admission.supersededUnder)
                        .executeUpdate();
            }
            admission.rows.forEach(session::persist);
            return true;
        });
    }

    /** Marks the thread busy with the admission's run if it is still as it was read. */
    private static boolean claim(Session session, Admission admission) {
        return session.createMutationQuery("""
                        update ChatThread t set t.activeRunId = :run, t.nextPosition = t.nextPosition + :positions,
                        t.updatedAt = :now, t.rowVersion = t.rowVersion + 1
                        where t.id = :id and t.rowVersion = :version and t.activeRunId is null""")
                .setParameter("run", admission.runId)
                .setParameter("positions", (long) admission.positions)
                .setParameter("now", ChatThread.now())
                .setParameter("id", admission.begun.thread().id())
                .setParameter("version", admission.threadVersion)
                .executeUpdate() == 1;
    }

    /** Every version of the answer to the same question as {@code messageId}, oldest first. */
    public List<MessageView> versions(Owner owner, String threadId, String messageId) {
        return database.fromTransaction(session -> {
            ThreadService.owned(session, owner, threadId);
            var message = session.find(ChatMessage.class, messageId);
            if (message == null || !message.threadId().equals(threadId)) {
                throw ProblemException.notFound("Message");
            }
            String question = message.role() == MessageRole.user ? message.id() : message.parentId();
            return Citations.views(session, versions(session, question));
        });
    }

    /**
     * How a run ended, to be written: the answer's final state, and the thread freed for the next
     * send. A completed answer to workflow step {@code answeredStep} moves the thread to the next
     * step; a failed or cancelled one leaves it where it was.
     */
    public record Ending(String threadId, String runId, String answerId, RunOutcome outcome, Integer answeredStep,
                         int totalSteps) {
    }

    /**
     * Writes several runs' endings in one transaction (one commit for runs that end together).
     *
     * @return for each ending, the workflow's progress afterwards; null for a plain chat
     */
    public List<WorkflowProgress> finish(List<Ending> endings) {
        // answers in id order, as checkpoints lock them (two orders deadlocked under load)
        var byAnswer = new TreeMap<String, Ending>();
        endings.forEach(ending -> byAnswer.put(ending.answerId(), ending));
        return database.fromTransaction(session -> {
            byAnswer.values().forEach(ending -> record(session, ending));
            return endings.stream().map(ending -> endRun(session, ending)).toList();
        });
    }

    /**
     * The outcome in one UPDATE: loading the answer first would read its checkpointed text (a LOB
     * on H2) only to replace it, and that read was a third of storing an outcome.
     */
    private static void record(Session session, Ending ending) {
        var outcome = ending.outcome();
        var usage = outcome.usage();
        int stored = session.createMutationQuery("""
                        update ChatMessage m set m.content = :content, m.status = :status, m.completedAt = :completedAt,
                        m.provider = :provider, m.model = :model, m.inputTokens = :inputTokens, m.outputTokens = :outputTokens,
                        m.ttftMs = :ttftMs, m.latencyMs = :latencyMs, m.finishReason = :finishReason,
                        m.errorCode = :errorCode, m.confidence = :confidence where m.id = :id""")
                .setParameter("content", outcome.content())
                .setParameter("status", outcome.status())
                .setParameter("completedAt", outcome.status() == MessageStatus.streaming ? null : ChatThread.now())
                .setParameter("provider", outcome.provider())
                .setParameter("model", outcome.model())
                .setParameter("inputTokens", usage == null ? null : usage.inputTokens())
                .setParameter("outputTokens", usage == null ? null : usage.outputTokens())
                .setParameter("ttftMs", outcome.ttftMs())
                .setParameter("latencyMs", outcome.latencyMs())
                .setParameter("finishReason", outcome.finishReason())
                .setParameter("errorCode", outcome.errorCode())
                .setParameter("confidence", outcome.confidence())
                .setParameter("id", ending.answerId())
                .executeUpdate();
        if (stored == 1) {
            outcome.citations().forEach(citation -> session.persist(new MessageCitation(ending.answerId(), citation)));
        }
    }

    private static WorkflowProgress endRun(Session session, Ending ending) {
        var thread = session.find(ChatThread.class, ending.threadId());
        if (thread == null) {
            return null;
        }
        thread.endRun(ending.runId());
        thread.touch();
        if (ending.answeredStep() != null && ending.outcome().status() == MessageStatus.completed) {
            thread.advance(ending.answeredStep(), ending.totalSteps());
        }
        return thread.workflowName() == null ? null
                : new WorkflowProgress(thread.workflowName(), thread.workflowStatus(), thread.activeStep());
    }

    /** Saves the text so far of several streaming answers, by answer id, in one transaction. */
    public void checkpoint(Map<String, String> textByAnswer) {
        // one conditional UPDATE per answer, not a loaded entity: a checkpoint that read the answer
        // just before its run stored the outcome would write the whole row back, status
        // "streaming" included, and the finished answer would look unfinished for ever
        // in id order, as the outcomes' batched updates are flushed (ORDER_UPDATES): two transactions
        // that lock the same answers in different orders deadlocked under load
        database.inTransaction(session -> new TreeMap<>(textByAnswer).forEach((answerId, text) -> session.createMutationQuery(
                        "update ChatMessage m set m.content = :text where m.id = :id and m.status = :streaming")
                .setParameter("text", text)
                .setParameter("id", answerId)
                .setParameter("streaming", MessageStatus.streaming)
                .executeUpdate()));
    }

    /** The message as stored now. */
    public MessageView stored(String messageId) {
        return database.fromTransaction(session -> Citations.view(session, session.find(ChatMessage.class, messageId)));
    }

    /** The answer run {@code runId} wrote, if the owner has it. */
    public Optional<MessageView> writtenBy(Owner owner, String threadId, String runId) {
        return database.fromTransaction(session -> {
            ThreadService.owned(session, owner, threadId);
            return session.createSelectionQuery("from ChatMessage m where m.runId = :run and m.threadId = :thread", ChatMessage.class)
                    .setParameter("run", runId)
                    .setParameter("thread", threadId)
                    .uniqueResultOptional()
                    .map(message -> Citations.view(session, message));
        });
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

    /** The thread, if no run is active on it; else 409 naming the active run. */
    private static ChatThread idle(ChatThread thread) {
        if (thread.activeRunId() != null) {
            throw ProblemException.conflict("A run is already active on this thread",
                    Map.of("activeRunId", thread.activeRunId()));
        }
        return thread;
    }

    private static ThreadFacts facts(Session session, ChatThread thread) {
        return new ThreadFacts(thread.id(), thread.collection(), thread.workflowName(), thread.activeStep(),
                stepAnswers(session, thread.id(), thread.activeStep()));
    }

    /** The latest user message for each workflow step before {@code step}. */
    private static Map<Integer, String> stepAnswers(Session session, String threadId, Integer step) {
        var answers = new java.util.TreeMap<Integer, String>();
        if (step == null || step == 0) {
            return answers;
        }
        session.createSelectionQuery("from ChatMessage m where m.threadId = :thread and m.workflowStep < :step "
                        + "order by m.position", ChatMessage.class)
                .setParameter("thread", threadId).setParameter("step", step)
                .getResultList()
                .forEach(message -> answers.put(message.workflowStep(), message.content()));
        return answers;
    }

    private static List<ChatMessage> versions(Session session, String questionId) {
        return session.createSelectionQuery("from ChatMessage m where m.parentId = :question order by m.version",
                        ChatMessage.class)
                .setParameter("question", questionId)
                .getResultList();
    }

    /** The latest messages before {@code position}, oldest first. */
    private static List<MessageView> history(Session session, String threadId, long position) {
        var rows = new ArrayList<>(session.createSelectionQuery("""
                        from ChatMessage m where m.threadId = :thread and m.latest = true and length(m.content) > 0
                        and m.position < :position
                        order by m.position desc, m.version desc""", ChatMessage.class)
                .setParameter("thread", threadId)
                .setParameter("position", position)
                .setMaxResults(HISTORY_MESSAGES)
                .getResultList());
        Collections.reverse(rows);
        return rows.stream().map(MessageView::of).toList();
    }
}

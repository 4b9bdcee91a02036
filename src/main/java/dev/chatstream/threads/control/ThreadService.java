package dev.chatstream.threads.control;

import dev.chatstream.platform.Database;
import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.shared.Owner;
import dev.chatstream.threads.entity.ChatThread;
import dev.chatstream.threads.entity.ThreadView;
import dev.chatstream.workflows.control.WorkflowCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/** A user's threads: only ever their own; another user's thread is as good as missing. */
@ApplicationScoped
public class ThreadService {

    static final int MAX_TITLE_CHARS = 500;

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private final Database database;
    private final ThreadViews views;
    private final WorkflowCatalog workflows;

    @Inject
    public ThreadService(Database database, ThreadViews views, WorkflowCatalog workflows) {
        this.database = database;
        this.views = views;
        this.workflows = workflows;
    }

    protected ThreadService() {
        this(null, null, null);
    }

    private static void checkTitle(String title) {
        if (title != null && title.length() > MAX_TITLE_CHARS) {
            throw ProblemException.badRequest("title must be at most " + MAX_TITLE_CHARS + " characters");
        }
    }

    /** A new thread; with a workflow, at its step 0 (an unknown workflow is a 400). */
    public ThreadView create(Owner owner, String title, String collection, String workflow) {
        checkTitle(title);
        if (workflow != null && workflows.find(workflow).isEmpty()) {
            throw ProblemException.badRequest("Unknown workflow: " + workflow);
        }
        var thread = new ChatThread(owner, title, collection, workflow);
        database.fromSharedTransaction(session -> {
            session.persist(thread);
            return thread;
        });
        return views.of(thread);
    }

    /** The owner's newest thread that answers from {@code collection}, if they have one. */
    public Optional<ThreadView> newest(Owner owner, String collection) {
        return database.fromTransaction(session -> session.createSelectionQuery("""
                        from ChatThread t where t.orgId = :org and t.userId = :user and t.collection = :collection
                        order by t.createdAt desc, t.id desc""", ChatThread.class)
                .setParameter("org", owner.orgId()).setParameter("user", owner.userId()).setParameter("collection", collection)
                .setMaxResults(1).getResultStream().findFirst().map(views::of));
    }

    public ThreadView get(Owner owner, String threadId) {
        return database.fromTransaction(session -> views.of(owned(session, owner, threadId)));
    }

    public ThreadView rename(Owner owner, String threadId, String title) {
        if (title == null) {
            throw ProblemException.badRequest("title is required");
        }
        checkTitle(title);
        return database.fromTransaction(session -> {
            var thread = owned(session, owner, threadId);
            thread.rename(title);
            return views.of(thread);
        });
    }

    /** Deletes the thread; its messages go with it (ON DELETE CASCADE). */
    public void delete(Owner owner, String threadId) {
        database.inTransaction(session -> {
            var thread = owned(session, owner, threadId);
            session.createMutationQuery("delete from ChatMessage m where m.threadId = :thread")
                    .setParameter("thread", thread.id()).executeUpdate();
            session.remove(thread);
        });
    }

    public Page<ThreadView> list(Owner owner, Integer requestedLimit, String cursorText) {
        int limit = Cursor.limit(requestedLimit, DEFAULT_LIMIT, MAX_LIMIT);
        Cursor cursor = cursorText == null || cursorText.isBlank() ? null : Cursor.decode(cursorText);
        List<ChatThread> rows = database.fromTransaction(session -> {
            var query = session.createSelectionQuery("""
                    from ChatThread t where t.orgId = :org and t.userId = :user
                    and (:after = false or t.updatedAt < :updated or (t.updatedAt = :updated and t.id < :id))
                    order by t.updatedAt desc, t.id desc""", ChatThread.class)
                    .setParameter("org", owner.orgId())
                    .setParameter("user", owner.userId())
                    .setParameter("after", cursor != null)
                    .setParameter("updated", cursor == null ? Instant.EPOCH : Instant.ofEpochMilli(cursor.first()))
                    .setParameter("id", cursor == null ? "" : cursor.second());
            return query.setMaxResults(limit + 1).getResultList();
        });
        boolean more = rows.size() > limit;
        var page = more ? rows.subList(0, limit) : rows;
        String next = more ? new Cursor(page.get(limit - 1).updatedAt().toEpochMilli(), page.get(limit - 1).id()).encode() : null;
        return new Page<>(page.stream().map(views::of).toList(), next);
    }

    /** The thread if the owner has it; 404 otherwise, whether it is missing or someone else's. */
    public static ChatThread owned(Session session, Owner owner, String threadId) {
        var thread = session.find(ChatThread.class, threadId);
        if (thread == null || !thread.ownedBy(owner)) {
            throw ProblemException.notFound("Thread");
        }
        return thread;
    }
}

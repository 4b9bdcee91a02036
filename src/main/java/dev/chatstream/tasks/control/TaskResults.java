package dev.chatstream.tasks.control;

import dev.chatstream.platform.Database;
import dev.chatstream.platform.Json;
import dev.chatstream.shared.Owner;
import dev.chatstream.tasks.entity.KeptResult;
import dev.chatstream.tasks.entity.TaskAnswer;
import dev.chatstream.tasks.entity.TaskResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Every answer a task gave a user, by issue; the newest answers the same request for an hour (the seed's cache). */
@ApplicationScoped
public class TaskResults {

    static final Duration FRESH = Duration.ofHours(1);
    /** The most versions listed for one issue. */
    static final int MAX_LISTED = 200;

    private final Database database;

    @Inject
    public TaskResults(Database database) {
        this.database = database;
    }

    protected TaskResults() {
        this(null);
    }

    void keep(Owner owner, String issueId, String task, String requestKey, TaskAnswer answer) {
        database.inTransaction(session -> session.persist(new TaskResult(owner.orgId(), owner.userId(), issueId, task,
                requestKey, answer.text(), answer.confidence(), answer.metadata().toString(), Instant.now())));
    }

    /** The newest answer to the same request if it is under an hour old. */
    Optional<TaskAnswer> fresh(Owner owner, String requestKey) {
        return database.fromTransaction(session -> session.createSelectionQuery("""
                        from TaskResult r where r.orgId = :org and r.userId = :user and r.requestKey = :key
                        and r.createdAt > :since order by r.createdAt desc""", TaskResult.class)
                .setParameter("org", owner.orgId()).setParameter("user", owner.userId()).setParameter("key", requestKey)
                .setParameter("since", Instant.now().minus(FRESH))
                .setMaxResults(1).getResultStream().findFirst()
                .map(result -> new TaskAnswer(result.text(), result.confidence(), metadata(result))));
    }

    public List<KeptResult> of(Owner owner, String issueId) {
        return database.fromTransaction(session -> session.createSelectionQuery("""
                        from TaskResult r where r.orgId = :org and r.userId = :user and r.issueId = :issue
                        order by r.createdAt desc, r.id desc""", TaskResult.class)
                .setParameter("org", owner.orgId()).setParameter("user", owner.userId()).setParameter("issue", issueId)
                .setMaxResults(MAX_LISTED).getResultList().stream()
                .map(result -> new KeptResult(result.task(), result.text(), result.confidence(), metadata(result), result.createdAt()))
                .toList());
    }

    private static jakarta.json.JsonObject metadata(TaskResult result) {
        try (var reader = Json.JSON_P.createReader(new StringReader(result.metadata()))) {
            return reader.readObject();
        }
    }
}

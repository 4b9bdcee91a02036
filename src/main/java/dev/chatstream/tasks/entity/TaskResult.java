package dev.chatstream.tasks.entity;

import dev.chatstream.shared.Ids;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A task's answer kept for its user: listed by issue, and answering the same request for an hour. */
@Entity
@Table(name = "ai_task_result")
public class TaskResult {

    @Id
    private String id;
    @Column(name = "org_id")
    private String orgId;
    @Column(name = "user_id")
    private String userId;
    @Column(name = "issue_id")
    private String issueId;
    private String task;
    /** A digest of everything the answer depends on: task, issue, type, description, priority. */
    @Column(name = "request_key")
    private String requestKey;
    @Column(name = "answer_text")
    private String text;
    private double confidence;
    /** The metadata object as JSON text. */
    private String metadata;
    @Column(name = "created_at")
    private Instant createdAt;

    protected TaskResult() {
    }

    public TaskResult(String orgId, String userId, String issueId, String task, String requestKey, String text,
                      double confidence, String metadata, Instant createdAt) {
        this.id = Ids.next();
        this.orgId = orgId;
        this.userId = userId;
        this.issueId = issueId;
        this.task = task;
        this.requestKey = requestKey;
        this.text = text;
        this.confidence = confidence;
        this.metadata = metadata;
        this.createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
    }

    public String task() { return task; }
    public String text() { return text; }
    public double confidence() { return confidence; }
    public String metadata() { return metadata; }
    public Instant createdAt() { return createdAt; }
}

package dev.chatstream.threads.entity;

import dev.chatstream.shared.Ids;
import dev.chatstream.shared.Owner;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

@Entity
@Table(name = "chat_thread")
public class ChatThread {

    @Id
    private String id;
    @Column(name = "org_id")
    private String orgId;
    @Column(name = "user_id")
    private String userId;
    private String title;
    @Column(name = "collection_slug")
    private String collection;
    @Column(name = "active_run_id")
    private String activeRunId;
    /** The position the next user message takes; its answers take the one after. */
    @Column(name = "next_position")
    private long nextPosition;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Column(name = "workflow_name")
    private String workflowName;
    @Column(name = "workflow_step")
    private Integer workflowStep;
    @Column(name = "workflow_status")
    private String workflowStatus;
    @Version
    @Column(name = "row_version")
    private long rowVersion;

    protected ChatThread() {
    }

    public ChatThread(Owner owner, String title, String collection, String workflow) {
        this(owner, title, collection);
        if (workflow != null) {
            this.workflowName = workflow;
            this.workflowStep = 0;
            this.workflowStatus = WORKFLOW_ACTIVE;
        }
    }

    public ChatThread(Owner owner, String title, String collection) {
        this.id = Ids.next();
        this.orgId = owner.orgId();
        this.userId = owner.userId();
        this.title = title;
        this.collection = collection;
        this.createdAt = now();
        this.updatedAt = createdAt;
    }

    public static final String WORKFLOW_ACTIVE = "active";
    public static final String WORKFLOW_COMPLETED = "completed";

    /** The step the next message is answered under, while the workflow is active; else null. */
    public Integer activeStep() {
        return WORKFLOW_ACTIVE.equals(workflowStatus) ? workflowStep : null;
    }

    /** After step {@code answered} of {@code totalSteps} was answered: on to the next, or completed. */
    public void advance(int answered, int totalSteps) {
        if (!WORKFLOW_ACTIVE.equals(workflowStatus) || workflowStep != answered) {
            return;
        }
        workflowStep = answered + 1;
        if (workflowStep >= totalSteps) {
            workflowStatus = WORKFLOW_COMPLETED;
        }
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public boolean ownedBy(Owner owner) {
        return orgId.equals(owner.orgId()) && userId.equals(owner.userId());
    }

    public void touch() {
        updatedAt = now();
    }

    public void rename(String title) {
        this.title = title;
        touch();
    }

    public void endRun(String runId) {
        if (runId.equals(activeRunId)) {
            activeRunId = null;
        }
    }

    public String id() { return id; }
    public long nextPosition() { return nextPosition; }
    public long rowVersion() { return rowVersion; }
    public Owner owner() { return new Owner(orgId, userId); }
    public String title() { return title; }
    public String collection() { return collection; }
    public String activeRunId() { return activeRunId; }
    public String workflowName() { return workflowName; }
    public Integer workflowStep() { return workflowStep; }
    public String workflowStatus() { return workflowStatus; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
}

package dev.chatstream.threads.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

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
    @Version
    @Column(name = "row_version")
    private long rowVersion;

    protected ChatThread() {
    }

    public ChatThread(Owner owner, String title, String collection) {
        this.id = UUID.randomUUID().toString();
        this.orgId = owner.orgId();
        this.userId = owner.userId();
        this.title = title;
        this.collection = collection;
        this.createdAt = now();
        this.updatedAt = createdAt;
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public boolean ownedBy(Owner owner) {
        return orgId.equals(owner.orgId()) && userId.equals(owner.userId());
    }

    /** Takes the positions of a new exchange: the user message's, and its answers' right after. */
    public long takeExchangePosition() {
        long position = nextPosition;
        nextPosition += 2;
        touch();
        return position;
    }

    public void touch() {
        updatedAt = now();
    }

    public void rename(String title) {
        this.title = title;
        touch();
    }

    public void startRun(String runId) {
        this.activeRunId = runId;
    }

    public void endRun(String runId) {
        if (runId.equals(activeRunId)) {
            activeRunId = null;
        }
    }

    public String id() { return id; }
    public Owner owner() { return new Owner(orgId, userId); }
    public String title() { return title; }
    public String collection() { return collection; }
    public String activeRunId() { return activeRunId; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
}

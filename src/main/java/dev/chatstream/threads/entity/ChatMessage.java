package dev.chatstream.threads.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "chat_message")
public class ChatMessage {

    @Id
    private String id;
    @Column(name = "thread_id")
    private String threadId;
    @Enumerated(EnumType.STRING)
    private MessageRole role;
    private String content;
    @Enumerated(EnumType.STRING)
    private MessageStatus status;
    private long position;
    private int version;
    @Column(name = "parent_id")
    private String parentId;
    /** False once a newer version of the same answer exists. */
    private boolean latest;
    private Double confidence;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "completed_at")
    private Instant completedAt;
    private String provider;
    private String model;
    @Column(name = "input_tokens")
    private Integer inputTokens;
    @Column(name = "output_tokens")
    private Integer outputTokens;
    @Column(name = "ttft_ms")
    private Long ttftMs;
    @Column(name = "latency_ms")
    private Long latencyMs;
    @Column(name = "finish_reason")
    private String finishReason;
    @Column(name = "error_code")
    private String errorCode;

    protected ChatMessage() {
    }

    private ChatMessage(String threadId, MessageRole role, String content, MessageStatus status,
                        long position, int version, String parentId) {
        this.id = UUID.randomUUID().toString();
        this.threadId = threadId;
        this.role = role;
        this.content = content;
        this.status = status;
        this.position = position;
        this.version = version;
        this.parentId = parentId;
        this.latest = true;
        this.createdAt = ChatThread.now();
        if (status == MessageStatus.completed) {
            this.completedAt = createdAt;
        }
    }

    public static ChatMessage fromUser(String threadId, String content, long position) {
        return new ChatMessage(threadId, MessageRole.user, content, MessageStatus.completed, position, 1, null);
    }

    /** An answer being generated: empty and streaming until its run ends. */
    public static ChatMessage answering(ChatMessage question, int version) {
        return new ChatMessage(question.threadId, MessageRole.assistant, "", MessageStatus.streaming,
                question.position + 1, version, question.id);
    }

    /** Writes the run's outcome, once, when it ends (or at a checkpoint while it runs). */
    public void record(RunOutcome outcome) {
        this.content = outcome.content();
        this.status = outcome.status();
        if (outcome.status() != MessageStatus.streaming) {
            this.completedAt = ChatThread.now();
        }
        var usage = outcome.usage();
        this.provider = outcome.provider();
        this.model = outcome.model();
        this.inputTokens = usage == null ? null : usage.inputTokens();
        this.outputTokens = usage == null ? null : usage.outputTokens();
        this.ttftMs = outcome.ttftMs();
        this.latencyMs = outcome.latencyMs();
        this.finishReason = outcome.finishReason();
        this.errorCode = outcome.errorCode();
        this.confidence = outcome.confidence();
    }

    public void supersede() {
        this.latest = false;
    }

    public String id() { return id; }
    public String threadId() { return threadId; }
    public MessageRole role() { return role; }
    public String content() { return content; }
    public MessageStatus status() { return status; }
    public long position() { return position; }
    public int version() { return version; }
    public String parentId() { return parentId; }
    public boolean latest() { return latest; }
    public Double confidence() { return confidence; }
    public Instant createdAt() { return createdAt; }
    public Instant completedAt() { return completedAt; }
    public String provider() { return provider; }
    public String model() { return model; }
    public Integer inputTokens() { return inputTokens; }
    public Integer outputTokens() { return outputTokens; }
    public Long ttftMs() { return ttftMs; }
    public Long latencyMs() { return latencyMs; }
    public String finishReason() { return finishReason; }
    public String errorCode() { return errorCode; }
}

package dev.chatstream.knowledge.entity;

import dev.chatstream.shared.Ids;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

@Entity
@Table(name = "kb_document")
public class KbDocument {

    @Id
    private String id;
    @Column(name = "collection_id")
    private String collectionId;
    @Column(name = "org_id")
    private String orgId;
    private String title;
    private String url;
    @Column(name = "content_type")
    private String contentType;
    @Column(name = "security_level")
    private int securityLevel;
    @Enumerated(EnumType.STRING)
    private DocumentStatus status;
    @Column(name = "chunk_count")
    private int chunkCount;
    private String error;
    @Column(name = "content_hash")
    private String contentHash;
    @Column(name = "created_at")
    private Instant createdAt;

    protected KbDocument() {
    }

    public KbDocument(KbCollection collection, String title, String url, String contentType, int securityLevel, String contentHash) {
        this.id = Ids.next();
        this.collectionId = collection.id();
        this.orgId = collection.orgId();
        this.title = title;
        this.url = url;
        this.contentType = contentType;
        this.securityLevel = securityLevel;
        this.status = DocumentStatus.pending;
        this.contentHash = contentHash;
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public void indexed(int chunks) {
        this.status = DocumentStatus.indexed;
        this.chunkCount = chunks;
        this.error = null;
    }

    public void failed(String reason) {
        this.status = DocumentStatus.failed;
        this.error = reason;
    }

    public String id() { return id; }
    public String collectionId() { return collectionId; }
    public String orgId() { return orgId; }
    public String title() { return title; }
    public String url() { return url; }
    public String contentType() { return contentType; }
    public int securityLevel() { return securityLevel; }
    public DocumentStatus status() { return status; }
    public int chunkCount() { return chunkCount; }
    public String error() { return error; }
    public String contentHash() { return contentHash; }
}

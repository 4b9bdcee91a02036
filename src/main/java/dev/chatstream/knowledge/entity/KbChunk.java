package dev.chatstream.knowledge.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Base64;
import java.util.UUID;

/** A passage of a document: what search finds and answers cite. */
@Entity
@Table(name = "kb_chunk")
public class KbChunk {

    @Id
    private String id;
    @Column(name = "document_id")
    private String documentId;
    @Column(name = "collection_id")
    private String collectionId;
    @Column(name = "org_id")
    private String orgId;
    @Column(name = "security_level")
    private int securityLevel;
    private int ordinal;
    /** The heading path it sits under, or the document's title. */
    private String title;
    private String text;
    private String embedding;

    protected KbChunk() {
    }

    public KbChunk(KbDocument document, int ordinal, String title, String text, float[] vector) {
        this.id = UUID.randomUUID().toString();
        this.documentId = document.id();
        this.collectionId = document.collectionId();
        this.orgId = document.orgId();
        this.securityLevel = document.securityLevel();
        this.ordinal = ordinal;
        this.title = title;
        this.text = text;
        this.embedding = Base64.getEncoder().encodeToString(Vectors.bytes(vector));
    }

    public float[] vector() {
        return Vectors.floats(Base64.getDecoder().decode(embedding));
    }

    public String id() { return id; }
    public String documentId() { return documentId; }
    public String collectionId() { return collectionId; }
    public String orgId() { return orgId; }
    public int securityLevel() { return securityLevel; }
    public int ordinal() { return ordinal; }
    public String title() { return title; }
    public String text() { return text; }
}

package dev.chatstream.knowledge.entity;

import dev.chatstream.shared.Ids;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.search.engine.backend.types.Projectable;
import org.hibernate.search.engine.backend.types.VectorSimilarity;
import org.hibernate.search.mapper.pojo.bridge.mapping.annotation.ValueBridgeRef;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.FullTextField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.GenericField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.Indexed;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.KeywordField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.VectorField;

/**
 * A passage of a document: what search finds and answers cite. Hibernate Search indexes it when
 * its transaction commits: BM25 over text and title, kNN over the embedding, and the
 * organisation, collection and security level as filters; search reads back the projectable fields.
 */
@Entity
@Table(name = "kb_chunk")
@Indexed(index = "chunks")
public class KbChunk {

    /** The analyzer of text and title, defined in the knowledge package's analysis configurer. */
    public static final String ANALYZER = "prose";
    public static final int DIMENSIONS = 384;

    @Id
    private String id;
    @Column(name = "document_id")
    @KeywordField(projectable = Projectable.YES)
    private String documentId;
    @Column(name = "collection_id")
    @KeywordField
    private String collectionId;
    @Column(name = "org_id")
    @KeywordField
    private String orgId;
    @Column(name = "security_level")
    @GenericField
    private int securityLevel;
    private int ordinal;
    /** The heading path it sits under, or the document's title. */
    @FullTextField(analyzer = ANALYZER, projectable = Projectable.YES)
    private String title;
    @FullTextField(analyzer = ANALYZER, projectable = Projectable.YES)
    private String text;
    /** {@link Vectors#encode} in the database; a float vector in the index. */
    @VectorField(name = "vector", dimension = DIMENSIONS, vectorSimilarity = VectorSimilarity.COSINE, projectable = Projectable.YES,
            valueBridge = @ValueBridgeRef(type = EmbeddingBridge.class))
    private String embedding;
    /** The model that made the embedding: another than the server's is embedded again at start. */
    @Column(name = "embedding_model")
    private String embeddingModel;

    protected KbChunk() {
    }

    /** @param model the name of the embedding model that made {@code vector} */
    public KbChunk(KbDocument document, int ordinal, String title, String text, float[] vector, String model) {
        this.id = Ids.next();
        this.documentId = document.id();
        this.collectionId = document.collectionId();
        this.orgId = document.orgId();
        this.securityLevel = document.securityLevel();
        this.ordinal = ordinal;
        this.title = title;
        this.text = text;
        this.embedding = Vectors.encode(vector);
        this.embeddingModel = model;
    }

    /** A new embedding of the same text, by {@code model}. */
    public void embedded(float[] vector, String model) {
        this.embedding = Vectors.encode(vector);
        this.embeddingModel = model;
    }

    /** What the embedding is made of. */
    public String embeddedText() {
        return embeddedText(title, text);
    }

    /** What a chunk's embedding is made of: its heading path, which says what the text is about, and the text. */
    public static String embeddedText(String title, String text) {
        return title + "\n" + text;
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

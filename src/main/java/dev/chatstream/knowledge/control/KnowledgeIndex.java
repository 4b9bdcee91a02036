package dev.chatstream.knowledge.control;

import dev.chatstream.knowledge.entity.KbChunk;
import dev.chatstream.platform.Database;
import dev.chatstream.platform.Startup;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;
import org.hibernate.search.mapper.orm.Search;

/**
 * Keeps the knowledge base searchable across restarts, before the server says it is ready: chunks
 * embedded by another model than the one the server runs (the model was changed) are embedded
 * again, a batch per transaction, so that an interrupted start resumes where it stopped; and when
 * the index holds another number of chunks than the database (a missing or emptied folder),
 * Hibernate Search's mass indexer rebuilds it from the database. Both log their progress.
 */
@ApplicationScoped
public class KnowledgeIndex {

    private static final Logger LOG = Logger.getLogger(KnowledgeIndex.class.getName());
    /** Chunks embedded again per transaction. */
    static final int BATCH = 256;

    private final Database database;
    private final Embedder embedder;

    @Inject
    public KnowledgeIndex(Database database, Embedder embedder) {
        this.database = database;
        this.embedder = embedder;
    }

    protected KnowledgeIndex() {
        this(null, null);
    }

    void onStart(@Observes @Priority(Startup.ORDER + 300) Startup.Starting event) {
        reembed();
        rebuildIfIncomplete();
    }

    /** Embeds again every chunk another model embedded; returns how many. */
    long reembed() {
        String model = embedder.model().name();
        long stale = database.fromTransaction(session -> session.createSelectionQuery(
                "select count(c) from KbChunk c where c.embeddingModel <> :model", Long.class)
                .setParameter("model", model).getSingleResult());
        if (stale == 0) {
            return 0;
        }
        LOG.info(() -> "Embedding " + stale + " chunks again with " + model + ": they were embedded by another model");
        long done = 0;
        while (true) {
            int embedded = database.fromTransaction(session -> {
                List<KbChunk> batch = session.createSelectionQuery(
                                "from KbChunk c where c.embeddingModel <> :model order by c.id", KbChunk.class)
                        .setParameter("model", model).setMaxResults(BATCH).getResultList();
                var vectors = embedder.embedAll(batch.stream().map(KbChunk::embeddedText).toList());
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).embedded(vectors.get(i), model);
                }
                return batch.size();
            });
            if (embedded == 0) {
                break;
            }
            done += embedded;
            long progress = done;
            LOG.info(() -> "Embedded " + progress + " of " + stale + " chunks again");
        }
        return done;
    }

    private void rebuildIfIncomplete() {
        long stored = database.fromTransaction(session -> session.createSelectionQuery(
                "select count(c) from KbChunk c", Long.class).getSingleResult());
        long indexed = database.fromTransaction(session -> Search.session(session).search(KbChunk.class)
                .where(f -> f.matchAll()).fetchTotalHitCount());
        if (stored != indexed) {
            LOG.info(() -> "Rebuilding the search index: it holds " + indexed + " chunks, the database " + stored);
            database.inTransaction(session -> {
                try {
                    Search.session(session).massIndexer(KbChunk.class).threadsToLoadObjects(1).startAndWait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while rebuilding the search index", e);
                }
            });
            LOG.info("Search index rebuilt");
        }
    }
}

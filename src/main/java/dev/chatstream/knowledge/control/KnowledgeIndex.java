package dev.chatstream.knowledge.control;

import dev.chatstream.knowledge.entity.KbChunk;
import dev.chatstream.platform.Database;
import dev.chatstream.platform.Startup;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.hibernate.search.mapper.orm.Search;

/**
 * Keeps the search index in CHAT_INDEX_DIR whole across restarts: at start, when it holds another
 * number of chunks than the database (a missing or emptied folder), Hibernate Search's mass
 * indexer rebuilds it from the database, logging its progress.
 */
@ApplicationScoped
public class KnowledgeIndex {

    private static final Logger LOG = Logger.getLogger(KnowledgeIndex.class.getName());

    private final Database database;

    @Inject
    public KnowledgeIndex(Database database) {
        this.database = database;
    }

    protected KnowledgeIndex() {
        this(null);
    }

    void onStart(@Observes @Priority(Startup.ORDER + 300) Startup.Starting event) {
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

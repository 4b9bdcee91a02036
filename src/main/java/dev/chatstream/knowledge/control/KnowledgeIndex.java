package dev.chatstream.knowledge.control;

import dev.chatstream.knowledge.entity.KbChunk;
import dev.chatstream.knowledge.entity.KbDocument;
import dev.chatstream.platform.Database;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The search index in CHAT_INDEX_DIR, rebuilt from the database's chunks when the folder has none. */
@ApplicationScoped
public class KnowledgeIndex {

    private static final Logger LOG = Logger.getLogger(KnowledgeIndex.class.getName());
    private static final int PAGE = 1000;

    private final SearchIndex index;

    @Inject
    public KnowledgeIndex(@ConfigProperty(name = "CHAT_INDEX_DIR") String folder, Database database) {
        this.index = new SearchIndex(Path.of(folder));
        if (index.created()) {
            rebuild(database);
        }
    }

    protected KnowledgeIndex() {
        this.index = null;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        index.getClass();
    }

    public SearchIndex index() {
        return index;
    }

    private void rebuild(Database database) {
        long total = database.fromTransaction(session -> session.createSelectionQuery(
                "select count(c) from KbChunk c", Long.class).getSingleResult());
        if (total == 0) {
            return;
        }
        LOG.info(() -> "Rebuilding the search index from " + total + " chunks");
        for (int first = 0; first < total; first += PAGE) {
            int offset = first;
            database.inTransaction(session -> session.createSelectionQuery(
                            "select c, d from KbChunk c, KbDocument d where d.id = c.documentId order by c.id", Object[].class)
                    .setFirstResult(offset).setMaxResults(PAGE).getResultList()
                    .forEach(row -> index.addQuietly((KbChunk) row[0], ((KbDocument) row[1]).url())));
            int done = (int) Math.min(total, first + PAGE);
            LOG.info(() -> "Search index: " + done + " of " + total + " chunks");
        }
        index.publish();
    }

    @PreDestroy
    void close() {
        index.close();
    }
}

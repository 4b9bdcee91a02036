package dev.chatstream.knowledge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.knowledge.entity.KbChunk;
import dev.chatstream.knowledge.entity.KbCollection;
import dev.chatstream.knowledge.entity.KbDocument;
import dev.chatstream.platform.Database;
import dev.chatstream.threads.control.ThreadEntities;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** A change of the embedding model re-embeds the stored chunks at start, so that search finds them again. */
class KnowledgeIndexTest {

    @Test
    void chunksEmbeddedByAnotherModelAreEmbeddedAgainAndFoundAgain() throws Exception {
        var lanes = Executors.newFixedThreadPool(2);
        var embedder = Embedder.standalone(lanes);
        var folder = Files.createTempDirectory("kb-reembed");
        var database = new Database("jdbc:h2:file:" + folder.resolve("db"), "sa", "", 2, folder.resolve("index").toString(), null,
                List.of(new KnowledgeEntities(), new ThreadEntities()));
        try {
            var collection = new KbCollection("acme", "handbook", "Handbook", null, false);
            var document = new KbDocument(collection, "Parking", null, "text/plain", 0, "parking");
            var texts = List.of("Visitors park in the north garage on level two.", "The cafeteria opens at eight.",
                    "Expense reports are approved by the team lead.");
            var stale = new ArrayList<KbChunk>();
            float[] meaningless = new float[KbChunk.DIMENSIONS];
            meaningless[0] = 1;
            for (int i = 0; i < KnowledgeIndex.BATCH + texts.size(); i++) {
                stale.add(new KbChunk(document, i, "Parking", texts.get(i % texts.size()), meaningless, "an-older-model"));
            }
            database.inTransaction(session -> {
                session.persist(collection);
                session.persist(document);
                stale.forEach(session::persist);
            });
            var index = new KnowledgeIndex(database, embedder);
            assertEquals(stale.size(), index.reembed(), "every chunk of the other model, over several batches");
            assertEquals(0, index.reembed(), "done once");

            long current = database.fromTransaction(session -> session.createSelectionQuery(
                    "select count(c) from KbChunk c where c.embeddingModel = :model", Long.class)
                    .setParameter("model", Embedder.SHIPPED.name()).getSingleResult());
            assertEquals(stale.size(), current);
            var found = new Retrieval(database, embedder).search(new ChunkSearch.Scope("acme", collection.id(), 0),
                    "Where do visitors park?", 1, 0.7, Retrieval.Mode.vector);
            assertEquals(1, found.size(), "the new embeddings are in the index");
            assertTrue(found.get(0).text().contains("north garage"), found.toString());
        } finally {
            database.close();
            lanes.shutdownNow();
        }
    }
}

package dev.chatstream.knowledge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatstream.knowledge.entity.DocumentStatus;
import dev.chatstream.knowledge.entity.Views.DocumentView;
import dev.chatstream.platform.Database;
import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.security.control.Caller;
import dev.chatstream.shared.Owner;
import dev.chatstream.threads.control.ThreadEntities;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Uploads wait in memory until they are read: past the budget an upload is refused with 503 and nothing is stored. */
class IngestionBudgetTest {

    private static final Caller ADMIN = new Caller(new Owner("acme", "ada"), 0, true);

    /** Lanes that keep the ingestions until the test runs them: the documents stay queued. */
    static final class HeldLanes extends IngestionLanes {
        final List<Runnable> held = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            held.add(task);
        }
    }

    @Test
    void anUploadPastTheBudgetIsRefusedUntilTheQueuedOnesAreRead() throws Exception {
        var helpers = Executors.newFixedThreadPool(2);
        var folder = Files.createTempDirectory("kb-budget");
        var database = new Database("jdbc:h2:file:" + folder.resolve("db"), "sa", "", 2, folder.resolve("index").toString(), null,
                List.of(new KnowledgeEntities(), new ThreadEntities()));
        var lanes = new HeldLanes();
        var knowledge = new KnowledgeService(database, Embedder.standalone(helpers), lanes, 100);
        try {
            knowledge.createCollection(ADMIN, "handbook", "Handbook", null, false);
            var first = knowledge.addDocument(ADMIN, "handbook", document("Parking", 60));
            var same = knowledge.addDocument(ADMIN, "handbook", document("Parking", 60));
            assertEquals(first.id(), same.id(), "a duplicate holds nothing: it is not read again");

            var refused = assertThrows(ProblemException.class, () -> knowledge.addDocument(ADMIN, "handbook", document("Lunch", 50)));
            assertEquals(503, refused.status());
            assertEquals(KnowledgeService.BUSY_RETRY_AFTER_SECONDS, refused.retryAfterSeconds());
            assertEquals(List.of("Parking"), knowledge.documents(ADMIN, "handbook").stream().map(DocumentView::title).toList(),
                    "the refused upload stored nothing");

            var small = knowledge.addDocument(ADMIN, "handbook", document("Keys", 40));
            assertEquals(2, lanes.held.size(), "within the budget, beside the first");
            lanes.held.forEach(Runnable::run);
            lanes.held.clear();
            var accepted = knowledge.addDocument(ADMIN, "handbook", document("Lunch", 50));
            assertEquals(DocumentStatus.pending, accepted.status(), "once the queued documents are read, there is room again");
            assertEquals(DocumentStatus.indexed, knowledge.document(ADMIN, "handbook", small.id()).status());

            assertEquals(503, assertThrows(ProblemException.class,
                    () -> knowledge.addDocument(ADMIN, "handbook", document("Manual", 500))).status(),
                    "a document larger than the whole budget waits for all of it");
            lanes.held.forEach(Runnable::run);
            lanes.held.clear();
            assertEquals(DocumentStatus.pending, knowledge.addDocument(ADMIN, "handbook", document("Manual", 500)).status(),
                    "and takes all of it once nothing else is queued");
        } finally {
            database.close();
            helpers.shutdownNow();
        }
    }

    /** A text document of about {@code bytes} bytes. */
    private static KnowledgeService.NewDocument document(String title, int bytes) {
        String text = (title + " rules are on the wiki. ").repeat(bytes / 10 + 1).substring(0, bytes);
        return new KnowledgeService.NewDocument(title, null, "text/plain", null, text.getBytes(StandardCharsets.UTF_8), 0);
    }
}

package dev.chatstream.knowledge.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * Embedding a document's chunks finishes even when every thread of the executor is taken, as on
 * WildFly, where a few ingestions took all of its default executor's threads and each waited for
 * helper lanes queued behind them: the documents stayed pending for ever.
 */
class EmbedderTest {

    @Test
    void aBatchIsEmbeddedByItsCallerWhenNoHelperLaneStarts() {
        var queued = new ArrayList<Runnable>();
        Executor allThreadsBusy = queued::add;
        var embedder = Embedder.standalone(allThreadsBusy);
        var texts = List.of("Visitors park in garage B.", "The cafeteria opens at eight.", "Badges are renewed yearly.",
                "Expenses are approved by the team lead.");

        var vectors = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> embedder.embedAll(texts));

        assertFalse(queued.isEmpty(), "helper lanes were offered to the executor (this host has more than one core)");
        assertEquals(texts.size(), vectors.size());
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(embedder.embed(texts.get(i)), vectors.get(i), "text " + i + " in its place");
        }
        queued.forEach(Runnable::run);
        assertArrayEquals(embedder.embed(texts.get(0)), vectors.get(0), "a helper that starts after it was given up does nothing");
    }
}

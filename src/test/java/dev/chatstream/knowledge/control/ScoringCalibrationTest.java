package dev.chatstream.knowledge.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.knowledge.entity.Vectors;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The labelled set the score is calibrated on: questions × passages, relevant or not. Prints
 * precision and recall at minScore 0.7 (docs/knowledge.md) and holds them above a floor.
 */
class ScoringCalibrationTest {

    static final List<LabelledPair> CASES = LabelledPair.load();

    static Embedder model;

    @BeforeAll
    static void load() {
        model = Embedder.standalone(ForkJoinPool.commonPool());
    }

    @Test
    void minScoreKeepsAnswersAndDropsUnrelatedPassages() {
        for (LabelledPair pair : CASES) {
            System.out.printf("%.3f %s %s | %s%n", pair.score(model), pair.relevant() ? "relevant  " : "unrelated ", pair.question(), pair.passage());
        }
        var calibration = LabelledPair.calibrate(CASES, model, 0.7);
        System.out.printf("at minScore 0.7: precision %.2f, recall %.2f (%d cases)%n", calibration.precision(), calibration.recall(), CASES.size());
        assertTrue(calibration.precision() >= 0.9, "precision " + calibration.precision());
        assertTrue(calibration.recall() >= 0.75, "recall " + calibration.recall());
    }

    @Test
    void theEndOfALongChunkCounts() {
        String body = String.join(" ", java.util.Collections.nCopies(20, "the quarterly budget review covers travel expenses"));
        var without = model.embed(body);
        var with = model.embed(body + " Finally, the secret launch code is PURPLE-ELEPHANT-42.");
        assertTrue(Vectors.cosine(without, with) < 0.95, "words past token 128 must change the embedding");
    }

    @Test
    void embeddingSeveralTextsOnParallelLanesKeepsTheirOrder() {
        var texts = CASES.stream().map(LabelledPair::passage).distinct().toList();
        var vectors = model.embedAll(texts);
        assertEquals(texts.size(), vectors.size());
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(model.embed(texts.get(i)), vectors.get(i), 1e-5f, texts.get(i));
        }
    }
}

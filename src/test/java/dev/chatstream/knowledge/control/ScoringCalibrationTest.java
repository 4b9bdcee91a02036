package dev.chatstream.knowledge.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.knowledge.entity.Vectors;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The labelled set the score is calibrated on: questions × passages, relevant or not. Prints
 * precision and recall at minScore 0.7 (docs/knowledge.md) and holds them above a floor.
 */
class ScoringCalibrationTest {

    record Case(String question, String passage, boolean relevant) {
    }

    static final List<Case> CASES = List.of(
            new Case("How many vacation days do employees get?", "Full-time employees receive 25 days of paid vacation per year, plus public holidays.", true),
            new Case("How many vacation days do employees get?", "Part-time staff accrue leave in proportion to their contracted hours.", true),
            new Case("How many vacation days do employees get?", "The cafeteria serves lunch from 11:30 to 14:00 on weekdays.", false),
            new Case("How many vacation days do employees get?", "Our offices are located in Berlin, Lisbon and Toronto.", false),
            new Case("What is the refund policy?", "Customers can return any product within 30 days for a full refund if it is unused.", true),
            new Case("What is the refund policy?", "Refunds are paid to the original payment method within five business days.", true),
            new Case("What is the refund policy?", "The quarterly report shows revenue growth of 12 percent.", false),
            new Case("What is the refund policy?", "To reset your password, open Settings and choose Security.", false),
            new Case("How do I reset my password?", "To reset your password, open Settings, choose Security and click 'Forgot password'.", true),
            new Case("How do I reset my password?", "A reset link is emailed to you and stays valid for one hour.", true),
            new Case("How do I reset my password?", "Customers can return any product within 30 days.", false),
            new Case("How do I reset my password?", "The server listens on port 8080 unless PORT is set.", false),
            new Case("Which port does the server listen on?", "The server listens on port 8080 unless PORT is set.", true),
            new Case("Which port does the server listen on?", "Employees receive 25 days of paid vacation.", false),
            new Case("Who approves travel expenses?", "Travel expenses above 500 euros need the approval of the department head.", true),
            new Case("Who approves travel expenses?", "Expense reports are submitted through the finance portal by the fifth of each month.", true),
            new Case("Who approves travel expenses?", "The cafeteria serves lunch from 11:30 to 14:00 on weekdays.", false),
            new Case("Who approves travel expenses?", "Our offices are located in Berlin, Lisbon and Toronto.", false),
            new Case("When is the office closed?", "The office is closed on public holidays and between Christmas and New Year.", true),
            new Case("When is the office closed?", "Refunds are paid to the original payment method within five business days.", false),
            new Case("What does the Pro plan cost?", "The Pro plan costs 49 dollars per user per month, billed annually.", true),
            new Case("What does the Pro plan cost?", "The Basic plan includes email support and 10 GB of storage.", false),
            new Case("How is customer data encrypted?", "All customer data is encrypted at rest with AES-256 and in transit with TLS 1.3.", true),
            new Case("How is customer data encrypted?", "The quarterly report shows revenue growth of 12 percent.", false));

    static Embedder model;

    @BeforeAll
    static void load() {
        model = Embedder.standalone(ForkJoinPool.commonPool());
    }

    @Test
    void minScoreKeepsAnswersAndDropsUnrelatedPassages() throws Exception {
        var index = new SearchIndex(Files.createTempDirectory("calibration"));
        int truePositives = 0;
        int falsePositives = 0;
        int falseNegatives = 0;
        for (Case c : CASES) {
            double cosine = Vectors.cosine(model.embed(c.question()), model.embed(c.passage()));
            double score = Scoring.score(cosine, Scoring.coverage(index.terms(c.question()), "", c.passage()));
            boolean kept = score >= 0.7;
            System.out.printf("%.3f cos %.3f %s %s | %s%n", score, cosine, c.relevant() ? "relevant  " : "unrelated ", c.question(), c.passage());
            if (kept && c.relevant()) truePositives++;
            if (kept && !c.relevant()) falsePositives++;
            if (!kept && c.relevant()) falseNegatives++;
        }
        double precision = truePositives / (double) (truePositives + falsePositives);
        double recall = truePositives / (double) (truePositives + falseNegatives);
        System.out.printf("at minScore 0.7: precision %.2f, recall %.2f (%d cases)%n", precision, recall, CASES.size());
        index.close();
        assertTrue(precision >= 0.9, "precision " + precision);
        assertTrue(recall >= 0.75, "recall " + recall);
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
        var texts = CASES.stream().map(Case::passage).distinct().toList();
        var vectors = model.embedAll(texts);
        assertEquals(texts.size(), vectors.size());
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(model.embed(texts.get(i)), vectors.get(i), 1e-5f, texts.get(i));
        }
    }
}

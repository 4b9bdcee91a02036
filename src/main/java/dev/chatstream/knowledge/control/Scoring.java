package dev.chatstream.knowledge.control;

import java.util.List;
import java.util.Locale;

/**
 * The calibrated 0..1 score of a passage for a question, from both signals hybrid search has:
 * the embeddings' cosine similarity and the share of the question's words the passage contains.
 *
 * <p>{@code score = clamp(1.5 · cosine + 0.2 · coverage − 0.075)}. Calibrated on the labelled
 * question × passage set in {@code ScoringCalibrationTest} (all-MiniLM-L6-v2, quantized, 256
 * tokens): passages that answer a question have cosine 0.45–0.85, unrelated ones −0.1–0.35, so
 * 0.7 falls between them; a passage sharing the question's words gets up to 0.2 more.
 * docs/knowledge.md reports precision and recall at 0.7.
 */
public final class Scoring {

    private Scoring() {
    }

    public static double score(double cosine, double coverage) {
        return Math.max(0, Math.min(1, 1.5 * cosine + 0.2 * coverage - 0.075));
    }

    /** The share of {@code terms} (already analysed) that occur in the passage's title or text. */
    public static double coverage(List<String> terms, String title, String text) {
        if (terms.isEmpty()) {
            return 0;
        }
        String haystack = (title + " " + text).toLowerCase(Locale.ROOT);
        long found = terms.stream().filter(haystack::contains).count();
        return (double) found / terms.size();
    }
}

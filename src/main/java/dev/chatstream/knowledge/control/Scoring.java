package dev.chatstream.knowledge.control;

import java.util.List;
import java.util.Locale;

/**
 * The calibrated 0..1 score of a passage for a question, from the three signals hybrid search
 * has: the embeddings' cosine similarity, the share of the question's word stems the passage
 * contains, and the passage's rank in the keyword (BM25) search.
 *
 * <p>{@code score = clamp(0.7 + 1.5 · (cosine + 0.3 · coverage + 0.1 / keywordRank − 0.53))}, the
 * last term 0 for a passage the keyword search did not find; coverage counts a question's word
 * where a passage's word starts with it. Fitted on the labelled set of
 * technical documentation ({@code RetrievalQualityTest}, docs/knowledge.md): 0.7 falls in the gap
 * between the weakest passage that answers its question first and the best passage any
 * off-topic question finds (a narrow gap: 0.72 against 0.698). Keyword evidence counts for technical text,
 * where a question's identifiers (ST-1001, patronictl, CHAT_INDEX_DIR) say more than MiniLM's
 * cosine of a short question with a long, code-heavy chunk.
 */
public final class Scoring {

    static final double COVERAGE_WEIGHT = 0.3;
    static final double KEYWORD_RANK_WEIGHT = 0.1;
    /** The fused evidence that scores exactly 0.7. */
    static final double THRESHOLD = 0.53;
    static final double SLOPE = 1.5;

    private Scoring() {
    }

    /**
     * The signals fused, unbounded: what candidates are ranked by (the score is clamped to 0..1,
     * and several strong candidates would tie at 1).
     *
     * @param keywordRank the passage's 1-based rank in the keyword search; 0 when it did not find it
     */
    public static double evidence(double cosine, double coverage, int keywordRank) {
        return cosine + COVERAGE_WEIGHT * coverage + (keywordRank > 0 ? KEYWORD_RANK_WEIGHT / keywordRank : 0);
    }

    /** The evidence on the calibrated 0..1 scale, 0.7 at {@link #THRESHOLD}. */
    public static double score(double evidence) {
        return Math.max(0, Math.min(1, 0.7 + SLOPE * (evidence - THRESHOLD)));
    }

    /**
     * The share of a question's keywords found in the passage's title or text, each at the start
     * of a word there (so that "dress" is not found in "address", nor "ai" in "details").
     */
    public static double coverage(List<ProseAnalysis.Keyword> keywords, String title, String text) {
        if (keywords.isEmpty()) {
            return 0;
        }
        String haystack = (title + " " + text).toLowerCase(Locale.ROOT);
        long found = keywords.stream()
                .filter(keyword -> startsAWord(haystack, keyword.stem())
                        // a word that begins with its stem cannot start a word where its stem does not
                        || !keyword.word().startsWith(keyword.stem()) && startsAWord(haystack, keyword.word()))
                .count();
        return (double) found / keywords.size();
    }

    private static boolean startsAWord(String haystack, String prefix) {
        for (int at = haystack.indexOf(prefix); at >= 0; at = haystack.indexOf(prefix, at + 1)) {
            if (at == 0 || !Character.isLetterOrDigit(haystack.charAt(at - 1))) {
                return true;
            }
        }
        return false;
    }
}

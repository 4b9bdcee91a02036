package dev.chatstream.providers.control;

import dev.chatstream.knowledge.control.ProseAnalysis;
import dev.chatstream.knowledge.control.Scoring;
import dev.chatstream.knowledge.control.Sentences;
import dev.chatstream.providers.entity.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The builtin provider's answer from retrieved passages: the sentences that hold the most of
 * the question's words (weighted by how highly their passage ranked), at most three, in the order
 * they stand in the sources, each marked with its source's [n]. A word counts in any of its forms,
 * as retrieval counts it ({@link Scoring#coverage}): "How do I run the tests?" is answered by
 * "mvn verify runs the unit tests", which shares no word with it as written.
 */
final class ExtractiveAnswer {

    static final String NO_ANSWER = "The knowledge base has no answer to that question.";
    private static final int SENTENCES = 3;

    private record Candidate(int source, int position, String sentence, double score) {
    }

    private ExtractiveAnswer() {
    }

    static String answer(String question, List<Source> sources) {
        var wanted = ProseAnalysis.keywords(question);
        var candidates = new ArrayList<Candidate>();
        for (int rank = 0; rank < sources.size(); rank++) {
            var source = sources.get(rank);
            var sentences = Sentences.split(source.text());
            for (int position = 0; position < sentences.size(); position++) {
                double shared = Scoring.coverage(wanted, "", sentences.get(position));
                if (shared > 0) {
                    candidates.add(new Candidate(source.index(), position, sentences.get(position), shared - 0.02 * rank));
                }
            }
        }
        if (candidates.isEmpty()) {
            return NO_ANSWER;
        }
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
        var chosen = new ArrayList<>(candidates.subList(0, Math.min(SENTENCES, candidates.size())));
        chosen.sort(Comparator.comparingInt(Candidate::source).thenComparingInt(Candidate::position));
        var answer = new StringBuilder();
        for (var candidate : chosen) {
            answer.append(answer.length() == 0 ? "" : " ").append(marked(candidate.sentence(), candidate.source()));
        }
        return answer.toString();
    }

    /** "Text." becomes "Text [n]." */
    private static String marked(String sentence, int source) {
        String trimmed = sentence.trim();
        int end = trimmed.length();
        while (end > 0 && ".!?…".indexOf(trimmed.charAt(end - 1)) >= 0) {
            end--;
        }
        return trimmed.substring(0, end) + " [" + source + "]" + (end < trimmed.length() ? trimmed.substring(end) : ".");
    }
}

package dev.chatstream.knowledge.control;

import dev.chatstream.knowledge.entity.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One line of {@code calibration.tsv}: a question, a passage, and whether the passage answers it. */
public record LabelledPair(String question, String passage, boolean relevant) {

    /** How a score threshold sorts the labelled set. */
    public record Calibration(double precision, double recall) {
    }

    /** The labelled set, shared by ScoringCalibrationTest and the benchmark's model comparison. */
    public static List<LabelledPair> load() {
        try (var in = LabelledPair.class.getClassLoader().getResourceAsStream("calibration.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t"))
                    .map(fields -> new LabelledPair(fields[1], fields[2], fields[0].equals("yes")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Precision and recall of keeping the pairs that score at least {@code minScore}. */
    public static Calibration calibrate(List<LabelledPair> pairs, Embedder embedder, double minScore) {
        int kept = 0;
        int keptRelevant = 0;
        int relevant = 0;
        for (var pair : pairs) {
            boolean keep = pair.score(embedder) >= minScore;
            kept += keep ? 1 : 0;
            keptRelevant += keep && pair.relevant() ? 1 : 0;
            relevant += pair.relevant() ? 1 : 0;
        }
        return new Calibration((double) keptRelevant / kept, (double) keptRelevant / relevant);
    }

    /**
     * The score retrieval gives the passage for the question (the passage has no title), without
     * the keyword rank's part: a pair is no collection to rank in, so this is the lower bound.
     */
    public double score(Embedder embedder) {
        return Scoring.score(Scoring.evidence(Vectors.cosine(embedder.embedQuestion(question), embedder.embed(passage)),
                Scoring.coverage(ProseAnalysis.keywords(question), "", passage), 0));
    }
}

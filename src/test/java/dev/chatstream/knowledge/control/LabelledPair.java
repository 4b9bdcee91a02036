package dev.chatstream.knowledge.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One line of {@code calibration.tsv}: a question, a passage, and whether the passage answers it. */
public record LabelledPair(String question, String passage, boolean relevant) {

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
}

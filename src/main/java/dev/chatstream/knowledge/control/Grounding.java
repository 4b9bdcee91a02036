package dev.chatstream.knowledge.control;

import dev.chatstream.knowledge.entity.Passage;
import dev.chatstream.shared.CitationView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The passages an answer is given from, as citations, and how well the answer turned out to be
 * grounded in them.
 *
 * <p>confidence = 0.5 · retrieval + 0.5 · support, where retrieval is the mean score of the
 * passages the answer cites (of all retrieved ones, halved, when it cites none), and support is
 * the share of the answer's sentences that carry a [n] marker of a retrieved passage or share at
 * least half of their content words ({@link ContentWords}) with one. 0 when nothing was retrieved.
 */
public final class Grounding {

    private static final Pattern MARKER = Pattern.compile("\\[(\\d+)]");
    private static final int SNIPPET = 300;

    private final List<Passage> passages;

    public Grounding(List<Passage> passages) {
        this.passages = passages;
    }

    public List<Passage> passages() {
        return passages;
    }

    /** The passages as the answer cites them: [n] is {@code citations().get(n - 1)}. */
    public List<CitationView> citations() {
        var citations = new ArrayList<CitationView>();
        for (int i = 0; i < passages.size(); i++) {
            var passage = passages.get(i);
            citations.add(new CitationView(i + 1, passage.documentId(), passage.chunkId(), passage.title(), passage.url(),
                    snippet(passage.text()), passage.score()));
        }
        return citations;
    }

    /** How well {@code answer} is grounded in the passages, 0..1 (see above). */
    public double confidence(String answer) {
        if (passages.isEmpty() || answer.isBlank()) {
            return 0;
        }
        var cited = cited(answer);
        double retrieval = cited.isEmpty()
                ? passages.stream().mapToDouble(Passage::score).average().orElse(0) / 2
                : cited.stream().mapToDouble(index -> passages.get(index - 1).score()).average().orElse(0);
        var sentences = Sentences.split(answer);
        var passageWords = passages.stream().map(passage -> ContentWords.of(passage.text())).toList();
        long supported = sentences.stream().filter(sentence -> supported(sentence, passageWords)).count();
        double support = sentences.isEmpty() ? 0 : (double) supported / sentences.size();
        return Math.round((0.5 * retrieval + 0.5 * support) * 100) / 100.0;
    }

    /** The retrieved passages a text cites with [n]; markers past the sources do not count. */
    private Set<Integer> cited(String text) {
        var cited = new HashSet<Integer>();
        var markers = MARKER.matcher(text);
        while (markers.find()) {
            int index = Integer.parseInt(markers.group(1));
            if (index >= 1 && index <= passages.size()) {
                cited.add(index);
            }
        }
        return cited;
    }

    private boolean supported(String sentence, List<Set<String>> passageWords) {
        if (!cited(sentence).isEmpty()) {
            return true;
        }
        Set<String> words = ContentWords.of(sentence);
        if (words.isEmpty()) {
            return false;
        }
        return passageWords.stream().anyMatch(inPassage -> words.stream().filter(inPassage::contains).count() * 2 >= words.size());
    }

    private static String snippet(String text) {
        if (text.length() <= SNIPPET) {
            return text;
        }
        int cut = text.lastIndexOf(' ', SNIPPET);
        return text.substring(0, cut > 0 ? cut : SNIPPET) + "…";
    }
}

package dev.chatstream.knowledge.control;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Sentence boundaries by the JDK's BreakIterator, which knows abbreviations and decimals well enough for chunking. */
public final class Sentences {

    private Sentences() {
    }

    public static List<String> split(String text) {
        var iterator = BreakIterator.getSentenceInstance(Locale.ROOT);
        iterator.setText(text);
        var sentences = new ArrayList<String>();
        int start = iterator.first();
        for (int end = iterator.next(); end != BreakIterator.DONE; start = end, end = iterator.next()) {
            String sentence = text.substring(start, end).trim();
            if (!sentence.isEmpty()) {
                sentences.add(sentence);
            }
        }
        return sentences;
    }
}

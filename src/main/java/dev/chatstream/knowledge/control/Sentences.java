package dev.chatstream.knowledge.control;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sentence boundaries by the JDK's BreakIterator, which knows abbreviations and decimals well
 * enough for chunking, kept only where a space follows: it also breaks inside a URL or a command
 * ({@code /login?local=1}), and the chunker joins sentences with a space.
 */
public final class Sentences {

    private Sentences() {
    }

    public static List<String> split(String text) {
        var iterator = BreakIterator.getSentenceInstance(Locale.ROOT);
        iterator.setText(text);
        var sentences = new ArrayList<String>();
        int start = iterator.first();
        for (int end = iterator.next(); end != BreakIterator.DONE; end = iterator.next()) {
            if (end < text.length() && !Character.isWhitespace(text.charAt(end - 1))) {
                continue;
            }
            String sentence = text.substring(start, end).trim();
            start = end;
            if (!sentence.isEmpty()) {
                sentences.add(sentence);
            }
        }
        return sentences;
    }
}

package dev.chatstream.knowledge.control;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sentence boundaries by the JDK's BreakIterator, which knows abbreviations and decimals well
 * enough for chunking, except where it breaks inside a URL or a command ({@code /login?local=1}):
 * the chunker joins sentences with a space.
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
            if (insideAWord(text, end)) {
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

    /**
     * A break right after ASCII punctuation with no space behind it is inside a URL or a command;
     * after a CJK full stop (。) no space is written, and the sentence does end there.
     */
    private static boolean insideAWord(String text, int end) {
        char before = text.charAt(end - 1);
        return end < text.length() && !Character.isWhitespace(before) && before < 0x80;
    }
}

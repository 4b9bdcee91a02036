package dev.chatstream.knowledge.control;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The words of a text that say something: lower case, no stop words, no single letters. */
public final class ContentWords {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private ContentWords() {
    }

    public static Set<String> of(String text) {
        var words = new HashSet<String>();
        var matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            String word = matcher.group();
            if (word.length() > 1 && !ProseAnalysis.STOP_WORDS.contains(word)) {
                words.add(word);
            }
        }
        return words;
    }
}

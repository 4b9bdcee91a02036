package dev.chatstream.workflows.control;

import java.util.Locale;
import java.util.Set;

/**
 * Where sentences end in text that is still arriving. A boundary counts only once it is certain:
 * a terminator, then whitespace, then the start of a new sentence (or the end of a finished text).
 * Not boundaries: decimals ("3.14"), abbreviations ("e.g.", "Dr. Smith"), initials ("J. Doe"),
 * numbered-list markers at the start of a line ("1."), an ellipsis inside a sentence. Closing
 * quotes and brackets after a terminator belong to the sentence. CJK terminators (。！？) end a
 * sentence without a space; a blank line, or a line break before a list item, ends one too.
 */
public final class SentenceBoundaries {

    private static final Set<String> ABBREVIATIONS = Set.of("dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "vs",
            "e.g", "i.e", "eg", "ie", "cf", "inc", "ltd", "no", "fig", "approx", "dept", "z.b", "u.a", "bzw", "ca");
    private static final String CLOSERS = "\"'”’)]»」』";

    private SentenceBoundaries() {
    }

    /** The end (exclusive) of the {@code n}th sentence, or -1 while it is not certain yet. */
    public static int endOfSentence(String text, int n, boolean complete) {
        int found = 0;
        for (int i = 0; i < text.length(); i++) {
            int end = boundaryAt(text, i, complete);
            if (end == UNCERTAIN) {
                return -1;
            }
            if (end > 0) {
                found++;
                if (found == n) {
                    return end;
                }
                i = end - 1;
            }
        }
        return -1;
    }

    private static final int UNCERTAIN = -2;

    /** The end of a sentence that ends at {@code i}; 0 when none does; UNCERTAIN when more text is needed. */
    private static int boundaryAt(String text, int i, boolean complete) {
        char c = text.charAt(i);
        if (c == '。' || c == '！' || c == '？') {
            return closersAfter(text, i + 1);
        }
        if (c == '\n') {
            return lineBreakEnds(text, i, complete);
        }
        if (c != '.' && c != '!' && c != '?' && c != '…') {
            return 0;
        }
        if (c == '.' && (decimal(text, i) || abbreviation(text, i) || listMarker(text, i))) {
            return 0;
        }
        int end = closersAfter(text, i + 1);
        if (end < text.length() && (text.charAt(end) == '.' || text.charAt(end) == '!' || text.charAt(end) == '?')) {
            return 0; // "?!" or "...": the last terminator decides
        }
        if (end == text.length()) {
            return complete ? end : UNCERTAIN;
        }
        if (!Character.isWhitespace(text.charAt(end))) {
            return 0;
        }
        int next = end;
        while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
            next++;
        }
        if (next == text.length()) {
            return complete ? end : UNCERTAIN;
        }
        return startsSentence(text.charAt(next)) ? end : 0;
    }

    private static int lineBreakEnds(String text, int i, boolean complete) {
        if (text.substring(0, i).isBlank()) {
            return 0;
        }
        int next = i + 1;
        if (next == text.length()) {
            return complete ? 0 : UNCERTAIN;
        }
        char following = text.charAt(next);
        boolean ends = following == '\n' || following == '-' || following == '*' || following == '•'
                || Character.isDigit(following) && text.indexOf('.', next) > next && text.substring(next, text.indexOf('.', next)).chars().allMatch(Character::isDigit);
        if (!ends) {
            return 0;
        }
        int end = i;
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private static boolean startsSentence(char c) {
        return Character.isUpperCase(c) || Character.isDigit(c) || "\"'“‘([¿¡-*•".indexOf(c) >= 0
                || Character.isLetter(c) && !Character.isLowerCase(c);
    }

    /** Past the closing quotes and brackets after a terminator, also French-spaced ones (". »"). */
    private static int closersAfter(String text, int from) {
        int end = from;
        while (true) {
            int next = end;
            while (next < text.length() && text.charAt(next) == ' ' || next < text.length() && text.charAt(next) == '\u00A0') {
                next++;
            }
            if (next < text.length() && CLOSERS.indexOf(text.charAt(next)) >= 0 && (next == end || "»」』".indexOf(text.charAt(next)) >= 0)) {
                end = next + 1;
            } else {
                return end;
            }
        }
    }

    private static boolean decimal(String text, int i) {
        return i > 0 && Character.isDigit(text.charAt(i - 1)) && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1));
    }

    /** The word before the dot is a known abbreviation or a single capital (an initial). */
    private static boolean abbreviation(String text, int i) {
        int start = i;
        while (start > 0 && (Character.isLetter(text.charAt(start - 1)) || text.charAt(start - 1) == '.')) {
            start--;
        }
        String word = text.substring(start, i).toLowerCase(Locale.ROOT);
        return ABBREVIATIONS.contains(word) || word.length() == 1 && Character.isUpperCase(text.charAt(start));
    }

    /** "1." or "12." alone at the start of a line: a list marker. */
    private static boolean listMarker(String text, int i) {
        int start = i;
        while (start > 0 && Character.isDigit(text.charAt(start - 1))) {
            start--;
        }
        return start < i && (start == 0 || text.charAt(start - 1) == '\n');
    }
}

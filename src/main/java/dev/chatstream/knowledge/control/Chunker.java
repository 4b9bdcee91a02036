package dev.chatstream.knowledge.control;

import dev.chatstream.knowledge.entity.KbChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a document along its structure: sections under their heading path, paragraphs within a
 * section, packed into chunks of at most about {@value #MAX_WORDS} words (which stays inside the
 * embedding model's 256 tokens for ordinary prose), with the last sentence of a chunk repeated at
 * the start of the next one as overlap. A paragraph longer than a chunk is cut between sentences.
 */
public final class Chunker {

    static final int MAX_WORDS = 170;
    /**
     * The longest piece however few its spaces (minified JSON, base64, a URL list): well inside
     * the chunk text's column (16,000) and more than 170 ordinary words take.
     */
    static final int MAX_CHARS = 4000;

    /** A section of a document: its heading path ("Guide › Install"), and its paragraphs. */
    public record Section(String headingPath, List<String> paragraphs) {
    }

    public record Chunk(String title, String text) {
        public String embeddedText() {
            return KbChunk.embeddedText(title, text);
        }
    }

    private Chunker() {
    }

    public static List<Chunk> chunks(List<Section> sections) {
        var chunks = new ArrayList<Chunk>();
        for (Section section : sections) {
            var current = new StringBuilder();
            for (String sentence : sentencesOf(section.paragraphs())) {
                if ((words(current) + words(sentence) > MAX_WORDS || current.length() + sentence.length() > MAX_CHARS)
                        && current.length() > 0) {
                    chunks.add(new Chunk(section.headingPath(), current.toString().trim()));
                    String overlap = lastSentence(current.toString());
                    current.setLength(0);
                    if (words(overlap) + words(sentence) <= MAX_WORDS && overlap.length() + sentence.length() < MAX_CHARS) {
                        current.append(overlap).append(' ');
                    }
                }
                current.append(sentence).append(sentence.endsWith("\n\n") ? "" : " ");
            }
            if (!current.toString().isBlank()) {
                chunks.add(new Chunk(section.headingPath(), current.toString().trim()));
            }
        }
        return chunks;
    }

    /** Sentences of all paragraphs; the last sentence of each paragraph ends with a blank line. */
    private static List<String> sentencesOf(List<String> paragraphs) {
        var sentences = new ArrayList<String>();
        for (String paragraph : paragraphs) {
            var parts = Sentences.split(paragraph);
            for (int i = 0; i < parts.size(); i++) {
                String part = parts.get(i);
                sentences.addAll(cutLong(i == parts.size() - 1 ? part + "\n\n" : part));
            }
        }
        return sentences;
    }

    /**
     * A "sentence" longer than a chunk (a table row, a list without stops) is cut at word
     * boundaries, and a piece still over {@value #MAX_CHARS} characters (text without spaces) at
     * that length.
     */
    static List<String> cutLong(String sentence) {
        String[] words = sentence.split("(?<=\\s)(?=\\S)");
        var pieces = new ArrayList<String>();
        for (int i = 0; i < words.length; i += MAX_WORDS) {
            String piece = String.join("", java.util.Arrays.copyOfRange(words, i, Math.min(words.length, i + MAX_WORDS)));
            int start = 0;
            while (start < piece.length()) {
                int end = Math.min(piece.length(), start + MAX_CHARS);
                if (end < piece.length() && Character.isHighSurrogate(piece.charAt(end - 1))) {
                    end--;
                }
                pieces.add(piece.substring(start, end));
                start = end;
            }
        }
        return pieces;
    }

    private static String lastSentence(String text) {
        var sentences = Sentences.split(text.trim());
        return sentences.isEmpty() ? "" : sentences.get(sentences.size() - 1);
    }

    static int words(CharSequence text) {
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                count++;
            }
            inWord = !space;
        }
        return count;
    }
}

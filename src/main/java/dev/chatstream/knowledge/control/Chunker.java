package dev.chatstream.knowledge.control;

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

    /** A section of a document: its heading path ("Guide › Install"), and its paragraphs. */
    public record Section(String headingPath, List<String> paragraphs) {
    }

    public record Chunk(String title, String text) {
    }

    private Chunker() {
    }

    public static List<Chunk> chunks(List<Section> sections) {
        var chunks = new ArrayList<Chunk>();
        for (Section section : sections) {
            var current = new StringBuilder();
            for (String sentence : sentencesOf(section.paragraphs())) {
                if (words(current) + words(sentence) > MAX_WORDS && current.length() > 0) {
                    chunks.add(new Chunk(section.headingPath(), current.toString().trim()));
                    String overlap = lastSentence(current.toString());
                    current.setLength(0);
                    if (words(overlap) + words(sentence) <= MAX_WORDS) {
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

    /** A "sentence" longer than a chunk (a table row, a list without stops) is cut at word boundaries. */
    private static List<String> cutLong(String sentence) {
        String[] words = sentence.split("(?<=\\s)(?=\\S)");
        if (words.length <= MAX_WORDS) {
            return List.of(sentence);
        }
        var pieces = new ArrayList<String>();
        for (int i = 0; i < words.length; i += MAX_WORDS) {
            pieces.add(String.join("", java.util.Arrays.copyOfRange(words, i, Math.min(words.length, i + MAX_WORDS))));
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

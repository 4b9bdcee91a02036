package dev.chatstream.shared;

/** A source an answer cites; {@code index} matches the answer's [n] markers, counting from 1. */
public record CitationView(int index, String documentId, String chunkId, String title, String url,
                           String snippet, double score) {
}

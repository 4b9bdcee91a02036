package dev.chatstream.knowledge.entity;

/**
 * A search hit: a chunk the caller may read, with its calibrated score.
 *
 * @param score 0..1; 0.7 keeps passages that answer the question (docs/knowledge.md)
 */
public record Passage(String chunkId, String documentId, String title, String url, String text, double score) {
}

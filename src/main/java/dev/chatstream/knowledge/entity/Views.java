package dev.chatstream.knowledge.entity;

import jakarta.json.bind.annotation.JsonbProperty;

/** The knowledge base as the API shows it. */
public final class Views {

    private Views() {
    }

    public record CollectionView(String slug, String name, String description,
                                 @JsonbProperty("public") boolean isPublic, long documentCount) {
    }

    public record DocumentView(String id, String title, String url, String contentType, int securityLevel,
                               DocumentStatus status, int chunkCount, String error) {

        public static DocumentView of(KbDocument document) {
            return new DocumentView(document.id(), document.title(), document.url(), document.contentType(),
                    document.securityLevel(), document.status(), document.chunkCount(), document.error());
        }
    }

    /** A collection anyone may ask (through the widget), found by its slug alone; {@code orgId} owns what is asked. */
    public record PublicCollection(String orgId, String slug, String name) {
    }

    public record SearchResult(String chunkId, String documentId, String title, String url, String snippet, double score) {
    }
}

package dev.chatstream.threads.entity;

import dev.chatstream.shared.CitationView;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A source an answer cited, kept with the answer so that history shows it. */
@Entity
@Table(name = "message_citation")
@IdClass(MessageCitation.Key.class)
public class MessageCitation {

    @Id
    @Column(name = "message_id")
    private String messageId;
    @Id
    @Column(name = "idx")
    private int index;
    @Column(name = "document_id")
    private String documentId;
    @Column(name = "chunk_id")
    private String chunkId;
    private String title;
    private String url;
    private String snippet;
    private double score;

    protected MessageCitation() {
    }

    public MessageCitation(String messageId, CitationView citation) {
        this.messageId = messageId;
        this.index = citation.index();
        this.documentId = citation.documentId();
        this.chunkId = citation.chunkId();
        this.title = citation.title();
        this.url = citation.url();
        this.snippet = citation.snippet();
        this.score = citation.score();
    }

    public String messageId() {
        return messageId;
    }

    public CitationView view() {
        return new CitationView(index, documentId, chunkId, title, url, snippet, score);
    }

    public static class Key implements Serializable {
        private String messageId;
        private int index;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.index == index && Objects.equals(key.messageId, messageId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(messageId, index);
        }
    }
}

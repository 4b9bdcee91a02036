package dev.chatstream.widget.entity;

import dev.chatstream.shared.CitationView;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** A source as the widget shows it: {@code {title, url, snippet, score}}. */
@JsonbPropertyOrder({"title", "url", "snippet", "score"})
public record WidgetCitation(String title, String url, String snippet, double score) {

    public static WidgetCitation of(CitationView citation) {
        return new WidgetCitation(citation.title(), citation.url(), citation.snippet(), citation.score());
    }
}

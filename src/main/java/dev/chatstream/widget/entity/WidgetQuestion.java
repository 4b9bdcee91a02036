package dev.chatstream.widget.entity;

/**
 * {@code {tokenSlug, question, language?, sessionId?}}: a question to public collection
 * {@code tokenSlug}, answered in {@code language} (a BCP 47 tag; English by default), as part of
 * the conversation {@code sessionId} (none: a conversation of one question).
 */
public record WidgetQuestion(String tokenSlug, String question, String language, String sessionId) {
}

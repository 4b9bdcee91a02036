package dev.chatstream.quickchat.entity;

/** {@code {"response"}}: the whole answer of /api/flows/ask. */
public record AskReply(String response) {
}

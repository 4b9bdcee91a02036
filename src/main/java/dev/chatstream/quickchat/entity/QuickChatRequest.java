package dev.chatstream.quickchat.entity;

import jakarta.json.bind.annotation.JsonbProperty;

/** {@code {"user_input", "provider"?}}: what to answer, and by which provider (absent: the default). */
public record QuickChatRequest(@JsonbProperty("user_input") String userInput, String provider) {
}

package dev.chatstream.tasks.entity;

import jakarta.json.JsonObject;

/** {@code {"text", "confidence", "metadata"}}: a task's answer without its structured tail. */
public record TaskAnswer(String text, double confidence, JsonObject metadata) {
}

package dev.chatstream.tasks.entity;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** {@code {"text", "confidence", "metadata"}}: a task's answer without its structured tail. */
@JsonbPropertyOrder({"text", "confidence", "metadata"})
public record TaskAnswer(String text, double confidence, JsonObject metadata) {
}

package dev.chatstream.tasks.entity;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/** One kept version of a task's answer, as {@code GET /api/ai/results} lists it. */
@JsonbPropertyOrder({"task", "text", "confidence", "metadata", "createdAt"})
public record KeptResult(String task, String text, double confidence, JsonObject metadata, Instant createdAt) {

    /** {@code {"results": [...]}}, newest first. */
    public record Results(List<KeptResult> results) {
    }
}

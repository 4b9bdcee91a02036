package dev.chatstream.tasks.entity;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** One kept version of a task's answer, as {@code GET /api/ai/results} lists it. */
public record KeptResult(String task, String text, double confidence, JsonObject metadata, Instant createdAt) {

    /** {@code {"results": [...]}}, newest first. */
    public record Results(List<KeptResult> results) {
    }
}

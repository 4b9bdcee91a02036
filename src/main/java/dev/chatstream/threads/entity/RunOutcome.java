package dev.chatstream.threads.entity;

import dev.chatstream.shared.CitationView;
import dev.chatstream.shared.Usage;

import java.util.List;

/** What a run leaves on its assistant message. */
public record RunOutcome(String content, MessageStatus status, String provider, String model, Usage usage,
                         Long ttftMs, Long latencyMs, String finishReason, String errorCode, Double confidence,
                         List<CitationView> citations) {
}

package dev.chatstream.providers.entity;

import dev.chatstream.shared.Usage;

/** How a generation ended well: its usage, the model that answered, and the lower-case finish reason. */
public record Completion(Usage usage, String model, String finishReason) {
}

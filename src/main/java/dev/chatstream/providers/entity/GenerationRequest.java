package dev.chatstream.providers.entity;

import java.util.List;

/**
 * One generation: the instructions, the conversation so far ending with the user's new message,
 * and the token limit (null: the configured default).
 */
public record GenerationRequest(String systemPrompt, List<ChatTurn> turns, Integer maxTokens) {

    public String question() {
        return turns.get(turns.size() - 1).content();
    }
}

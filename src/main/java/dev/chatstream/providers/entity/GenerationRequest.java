package dev.chatstream.providers.entity;

import java.util.List;

/**
 * One generation: the instructions, the conversation so far ending with the user's new message,
 * the token limit (null: the configured default), and the knowledge-base passages to answer
 * from (null when the run does not use retrieval; empty when nothing relevant was found), and
 * the workflow step's question (what the builtin provider answers a step with; null outside
 * workflows).
 */
public record GenerationRequest(String systemPrompt, List<ChatTurn> turns, Integer maxTokens, List<Source> sources,
                                String stepQuestion) {

    public String question() {
        return turns.get(turns.size() - 1).content();
    }
}

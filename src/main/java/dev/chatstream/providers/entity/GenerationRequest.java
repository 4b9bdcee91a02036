package dev.chatstream.providers.entity;

import java.util.List;

/**
 * One generation: the instructions, the conversation so far ending with the user's new message,
 * the token limit (null: the configured default), and the knowledge-base passages to answer
 * from (null when the run does not use retrieval; empty when nothing relevant was found), and
 * the answer the builtin provider gives when the run names one (a workflow step's question, an
 * AI task's offline answer; null otherwise).
 */
public record GenerationRequest(String systemPrompt, List<ChatTurn> turns, Integer maxTokens, List<Source> sources,
                                String scriptedAnswer) {

    public String question() {
        return turns.get(turns.size() - 1).content();
    }
}

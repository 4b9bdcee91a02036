package dev.chatstream.workflows.entity;

import java.util.List;

/** A workflow definition: {@code {name, title, description, steps}}, as in the JSON files. */
public record Workflow(String name, String title, String description, List<Step> steps) {

    /**
     * One step: the model answers the step's user message under {@code instructions}, with at
     * most {@code maxTokens} tokens and, when set, {@code maxSentences} sentences; with retrieval
     * when {@code rag}. The builtin provider answers with {@code question}.
     */
    public record Step(String id, String name, String instructions, String question, int maxTokens,
                       Integer maxSentences, boolean rag) {
    }
}

package dev.chatstream.threads.entity;

import java.time.Instant;

/**
 * A thread as the API shows it.
 *
 * @param workflow the thread's workflow state, null for a plain chat
 */
public record ThreadView(String id, String title, String collection, WorkflowView workflow, String activeRunId,
                         Instant createdAt, Instant updatedAt) {

    public static ThreadView of(ChatThread thread, WorkflowView workflow) {
        return new ThreadView(thread.id(), thread.title(), thread.collection(), workflow, thread.activeRunId(),
                thread.createdAt(), thread.updatedAt());
    }

    /** A workflow's progress: {@code step} is the step the next message is answered under. */
    public record WorkflowView(String name, String status, StepView step, int totalSteps) {
    }

    public record StepView(int index, String id, String name) {
    }
}

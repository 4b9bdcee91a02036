package dev.chatstream.streaming.entity;

import dev.chatstream.shared.CitationView;
import dev.chatstream.shared.Usage;
import dev.chatstream.threads.entity.MessageView;
import dev.chatstream.threads.entity.ThreadView;
import java.util.List;

/**
 * One event of a run's stream. Each record is the event's {@code data}; {@link #type()} its
 * {@code type}. The order a run sends them in is the contract's.
 */
public sealed interface StreamEvent {

    String type();

    record Connected(String threadId, String runId) implements StreamEvent {
        public String type() { return "connected"; }
    }

    record MessageSaved(MessageView message) implements StreamEvent {
        public String type() { return "message_saved"; }
    }

    /**
     * A workflow thread's step: {@code started} or {@code step} before generating (the step
     * answered), {@code advanced} after (the next step).
     */
    record WorkflowStatus(String workflow, String status, ThreadView.StepView step, int totalSteps) implements StreamEvent {
        public String type() { return "workflow_status"; }
    }

    /** After the answer to a workflow's last step. */
    record WorkflowComplete(String workflow, String message) implements StreamEvent {
        public String type() { return "workflow_complete"; }
    }

    /** Human-readable progress, such as "Searching the knowledge base…". */
    record Status(String message) implements StreamEvent {
        public String type() { return "status"; }
    }

    /** The sources retrieved, before the first token; [n] in the answer is {@code citations[n-1]}. */
    record Citations(String messageId, List<CitationView> citations) implements StreamEvent {
        public String type() { return "citations"; }
    }

    /** How well the answer is grounded in its sources, 0..1. */
    record Confidence(String messageId, double value) implements StreamEvent {
        public String type() { return "confidence"; }
    }

    /** One piece of the answer, relayed the moment it arrives. */
    record AiDelta(String messageId, String content, boolean isComplete) implements StreamEvent {
        public AiDelta(String messageId, String content) {
            this(messageId, content, false);
        }
        public String type() { return "ai_response"; }
    }

    /** The close of the answer, carrying the whole text. */
    record AiComplete(String messageId, String content, boolean isComplete, String accumulated) implements StreamEvent {
        public AiComplete(String messageId, String accumulated) {
            this(messageId, "", true, accumulated);
        }
        public String type() { return "ai_response"; }
    }

    record Metadata(String messageId, String provider, String model, Usage usage, Long ttftMs, Long latencyMs,
                    String finishReason) implements StreamEvent {
        public String type() { return "metadata"; }
    }

    record Error(String code, String message, boolean retryable) implements StreamEvent {
        public String type() { return "error"; }
    }

    /** Always last; {@code success} is true exactly when {@code status} is completed. */
    record Done(boolean success, String messageId, String status) implements StreamEvent {
        public String type() { return "done"; }
    }
}

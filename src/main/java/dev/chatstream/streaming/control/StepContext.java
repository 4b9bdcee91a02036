package dev.chatstream.streaming.control;

import dev.chatstream.threads.entity.ThreadView.StepView;
import dev.chatstream.workflows.entity.Workflow;
import java.util.Map;

/**
 * The workflow step a run answers.
 *
 * @param answers the user's answers to the earlier steps, by step index
 */
record StepContext(Workflow workflow, int index, Map<Integer, String> answers) {

    Workflow.Step step() {
        return workflow.steps().get(index);
    }

    StepView view() {
        return new StepView(index, step().id(), step().name());
    }

    int totalSteps() {
        return workflow.steps().size();
    }
}

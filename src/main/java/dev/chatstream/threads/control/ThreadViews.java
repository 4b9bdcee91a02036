package dev.chatstream.threads.control;

import dev.chatstream.threads.entity.ChatThread;
import dev.chatstream.threads.entity.ThreadView.StepView;
import dev.chatstream.threads.entity.ThreadView.WorkflowView;
import dev.chatstream.threads.entity.ThreadView;
import dev.chatstream.workflows.control.WorkflowCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Threads as the API shows them, with their workflow's progress named from its definition. */
@ApplicationScoped
public class ThreadViews {

    private final WorkflowCatalog catalog;

    @Inject
    public ThreadViews(WorkflowCatalog catalog) {
        this.catalog = catalog;
    }

    protected ThreadViews() {
        this(null);
    }

    public ThreadView of(ChatThread thread) {
        return ThreadView.of(thread, workflow(thread));
    }

    private WorkflowView workflow(ChatThread thread) {
        if (thread.workflowName() == null) {
            return null;
        }
        var definition = catalog.find(thread.workflowName()).orElse(null);
        int total = definition == null ? 0 : definition.steps().size();
        Integer index = thread.activeStep();
        StepView step = null;
        if (index != null && definition != null && index < total) {
            var current = definition.steps().get(index);
            step = new StepView(index, current.id(), current.name());
        }
        return new WorkflowView(thread.workflowName(), thread.workflowStatus(), step, total);
    }
}

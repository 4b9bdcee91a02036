package dev.chatstream.streaming.control;

import dev.chatstream.knowledge.control.Grounding;
import dev.chatstream.providers.entity.GenerationRequest;
import dev.chatstream.security.control.Caller;
import dev.chatstream.threads.entity.MessageView;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Test-only: building the prompt for a question with {@code inject:prompt} throws, after admission committed. */
@Alternative
@Priority(1000)
@ApplicationScoped
public class FailingPrompts extends Prompts {

    @Inject
    public FailingPrompts(@ConfigProperty(name = "CHAT_HISTORY_TOKEN_BUDGET") int historyTokenBudget) {
        super(historyTokenBudget);
    }

    protected FailingPrompts() {
        this(0);
    }

    @Override
    GenerationRequest request(List<MessageView> history, String question, Grounding grounding, StepContext step,
                              Caller.Profile profile, SendOptions options) {
        if (question.contains("inject:prompt")) {
            throw new IllegalStateException("injected: the prompt could not be built");
        }
        return super.request(history, question, grounding, step, profile, options);
    }
}

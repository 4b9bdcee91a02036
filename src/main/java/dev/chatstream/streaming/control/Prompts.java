package dev.chatstream.streaming.control;

import dev.chatstream.knowledge.control.Grounding;
import dev.chatstream.providers.control.Tokens;
import dev.chatstream.providers.entity.ChatTurn;
import dev.chatstream.providers.entity.GenerationRequest;
import dev.chatstream.providers.entity.Source;
import dev.chatstream.security.control.Caller;
import dev.chatstream.threads.entity.MessageRole;
import dev.chatstream.threads.entity.MessageView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Composes what the model sees: instructions, as much recent history as the budget allows, the question. */
@ApplicationScoped
public class Prompts {

    static final String SYSTEM_PROMPT = "You are a helpful assistant. Answer clearly and concisely.";
    static final String GROUNDED = """
            Answer only from the numbered sources below. Cite the sources you use with their number \
            in square brackets, like [1]. If the sources do not contain the answer, say that the \
            knowledge base has no answer to it; do not answer from general knowledge.
            """;

    private final int historyTokenBudget;

    @Inject
    public Prompts(@ConfigProperty(name = "CHAT_HISTORY_TOKEN_BUDGET") int historyTokenBudget) {
        this.historyTokenBudget = historyTokenBudget;
    }

    protected Prompts() {
        this(0);
    }

    /**
     * @param grounding the passages to answer from; null when the run uses no retrieval
     * @param step    the workflow step answered; null outside a workflow
     * @param profile who the caller is, from their token
     * @param options what the send asked beyond the thread's settings: its instructions, the builtin's answer
     */
    GenerationRequest request(List<MessageView> history, String question, Grounding grounding, StepContext step,
                              Caller.Profile profile, SendOptions options) {
        var sources = grounding == null ? null : sources(grounding);
        var turns = new ArrayList<ChatTurn>();
        int budget = historyTokenBudget - Tokens.estimate(question);
        for (int i = history.size() - 1; i >= 0; i--) {
            var message = history.get(i);
            budget -= Tokens.estimate(message.content());
            if (budget < 0) {
                break;
            }
            turns.add(new ChatTurn(message.role() == MessageRole.user ? ChatTurn.Speaker.user : ChatTurn.Speaker.assistant,
                    message.content()));
        }
        Collections.reverse(turns);
        turns.add(new ChatTurn(ChatTurn.Speaker.user, question));
        return new GenerationRequest(systemPrompt(options.instructions() == null ? SYSTEM_PROMPT : options.instructions(),
                sources, step, profile), turns, step == null ? null : step.step().maxTokens(), sources,
                step != null ? step.step().question() : options.scriptedAnswer());
    }

    /** The passages numbered as the model is to cite them, [1] first. */
    private static List<Source> sources(Grounding grounding) {
        var passages = grounding.passages();
        var sources = new ArrayList<Source>();
        for (int i = 0; i < passages.size(); i++) {
            sources.add(new Source(i + 1, passages.get(i).title(), passages.get(i).text()));
        }
        return sources;
    }

    /** The English name of a BCP 47 tag's language ("vi" is Vietnamese); null for none or one that names no language. */
    static String languageName(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        var locale = Locale.forLanguageTag(tag.trim().replace('_', '-'));
        String name = locale.getDisplayLanguage(Locale.ENGLISH);
        return locale.getLanguage().isEmpty() || name.isEmpty() || name.equals(locale.getLanguage()) ? null : name;
    }

    private static String systemPrompt(String instructions, List<Source> sources, StepContext step, Caller.Profile profile) {
        var prompt = new StringBuilder(instructions);
        if (profile != null && profile.name() != null) {
            prompt.append("\nYou are talking with ").append(profile.name())
                    .append(profile.role() == null ? "" : ", whose role is " + profile.role()).append('.');
        }
        String language = profile == null ? null : languageName(profile.language());
        if (language != null) {
            prompt.append("\nAnswer in ").append(language).append('.');
        }
        if (step != null) {
            prompt.append("\n\nThis conversation follows the workflow \"").append(step.workflow().title()).append("\", step ")
                    .append(step.index() + 1).append(" of ").append(step.totalSteps()).append(": ").append(step.step().name())
                    .append(".\nInstructions for this step: ").append(step.step().instructions());
            if (!step.answers().isEmpty()) {
                prompt.append("\nThe user's answers to the earlier steps:");
                step.answers().forEach((index, answer) -> prompt.append("\n- ")
                        .append(step.workflow().steps().get(index).name()).append(": ").append(answer));
            }
        }
        if (sources == null) {
            return prompt.toString();
        }
        prompt.append("\n\n").append(GROUNDED).append("\nSources:\n");
        if (sources.isEmpty()) {
            prompt.append("(none found)\n");
        }
        for (Source source : sources) {
            prompt.append("\n[").append(source.index()).append("] ").append(source.title()).append("\n")
                    .append(source.text()).append("\n");
        }
        return prompt.toString();
    }
}

package dev.chatstream.providers.control;

import dev.chatstream.providers.entity.GenerationRequest;

/** Something that streams an answer: an LLM API or the builtin answerer. */
public interface ChatProvider {

    /** The name shown in metadata: builtin, openai, gemini, anthropic. */
    String name();

    /** The model asked for, shown in metadata until the provider names the one that answered. */
    String model();

    /** Starts generating; never throws: failures arrive at the listener. */
    UpstreamCall start(GenerationRequest request, GenerationListener listener);
}

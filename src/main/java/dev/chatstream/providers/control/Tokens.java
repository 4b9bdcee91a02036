package dev.chatstream.providers.control;

import dev.chatstream.providers.entity.GenerationRequest;

/** A provider-neutral token estimate: about four characters a token for English text. */
public final class Tokens {

    private Tokens() {
    }

    /** What a request costs as input: its instructions and every turn. */
    public static int estimate(GenerationRequest request) {
        return estimate(request.systemPrompt()) + request.turns().stream().mapToInt(turn -> estimate(turn.content())).sum();
    }

    public static int estimate(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }
}

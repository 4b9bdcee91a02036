package dev.chatstream.shared;

/** Tokens a generation cost, as the provider reported them (or estimated, for builtin). */
public record Usage(Integer inputTokens, Integer outputTokens, Integer totalTokens) {

    public static Usage of(Integer input, Integer output) {
        Integer total = input == null && output == null ? null
                : (input == null ? 0 : input) + (output == null ? 0 : output);
        return new Usage(input, output, total);
    }
}

package dev.chatstream.providers.control;

/** A provider-neutral token estimate: about four characters a token for English text. */
public final class Tokens {

    private Tokens() {
    }

    public static int estimate(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }
}

package dev.chatstream.streaming.control;

/**
 * What a surface asks of a send beyond the thread's own settings.
 *
 * @param provider        the provider to answer with, by name; null for the configured default
 * @param sourcesRequired answer only from the knowledge base: a question it has nothing for ends
 *                        the run with {@code no_sources}, and no provider is called
 * @param instructions    the system prompt's instructions in place of the general assistant's; null for those
 * @param scriptedAnswer  what the builtin provider answers with; null for its usual answer
 */
public record SendOptions(String provider, boolean sourcesRequired, String instructions, String scriptedAnswer) {

    /** The primary API's sends: the default provider, answering whatever retrieval finds. */
    public static final SendOptions DEFAULT = new SendOptions(null, false, null, null);

    /** A send answered by {@code provider} (null: the default) as the primary API answers it. */
    public static SendOptions by(String provider) {
        return new SendOptions(provider, false, null, null);
    }
}

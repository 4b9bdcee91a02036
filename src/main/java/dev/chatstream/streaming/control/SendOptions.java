package dev.chatstream.streaming.control;

/**
 * What a surface asks of a send beyond the thread's own settings.
 *
 * @param provider        the provider to answer with, by name; null for the configured default
 * @param sourcesRequired answer only from the knowledge base: a question it has nothing for ends
 *                        the run with {@code no_sources}, and no provider is called
 */
public record SendOptions(String provider, boolean sourcesRequired) {

    /** The primary API's sends: the default provider, answering whatever retrieval finds. */
    public static final SendOptions DEFAULT = new SendOptions(null, false);
}

package dev.chatstream.security.control;

/**
 * Paths under /api that anyone may call from any site (the widget's), declared by the
 * capability that serves them; they follow {@code CHAT_WIDGET_ORIGINS} rather than
 * {@code CHAT_CORS_ORIGINS}.
 */
public interface AnonymousPaths {

    /** @param path relative to /api, without a leading slash */
    boolean covers(String path);
}

package dev.chatstream.widget.boundary;

import dev.chatstream.security.control.AnonymousPaths;
import jakarta.enterprise.context.ApplicationScoped;

/** The widget's paths under /api: anonymous, and callable from the sites the widget is embedded in. */
@ApplicationScoped
public class WidgetPaths implements AnonymousPaths {

    static final String STREAM = "chat/stream";
    static final String HISTORY = "chat-history";

    @Override
    public boolean covers(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return relative.equals(STREAM) || relative.startsWith(HISTORY + "/");
    }
}

package dev.chatstream.security.control;

import dev.chatstream.platform.CommaSeparated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which browser origins may call which endpoints. The authenticated API: {@code CHAT_CORS_ORIGINS}
 * (none by default: same origin only). The anonymous widget endpoints: {@code CHAT_WIDGET_ORIGINS}
 * ({@code *} by default), without credentials, since the widget runs on other companies' sites.
 */
@ApplicationScoped
public class CorsPolicy {

    /** What a browser may do cross-origin on one kind of endpoint. */
    public record Rules(Set<String> origins, String allowedHeaders, String allowedMethods, String exposedHeaders) {

        public boolean allows(String origin) {
            return origins.contains("*") || origins.contains(origin);
        }

        /** {@code *} when any origin may call, else the caller's own origin (and the answer varies by Origin). */
        public String allowOrigin(String origin) {
            return origins.contains("*") ? "*" : origin;
        }
    }

    private static final String EXPOSED = "Location, Retry-After";

    private final Rules api;
    private final Rules widget;
    private final Instance<AnonymousPaths> anonymous;

    @Inject
    public CorsPolicy(@ConfigProperty(name = "CHAT_CORS_ORIGINS") Optional<String> apiOrigins,
                      @ConfigProperty(name = "CHAT_WIDGET_ORIGINS") Optional<String> widgetOrigins,
                      Instance<AnonymousPaths> anonymous) {
        this.api = new Rules(origins(apiOrigins), "Authorization, Content-Type, Idempotency-Key, Last-Event-ID",
                "GET, POST, PATCH, DELETE", EXPOSED);
        this.widget = new Rules(origins(widgetOrigins), "Content-Type, Cache-Control, Last-Event-ID", "GET, POST, DELETE",
                EXPOSED);
        this.anonymous = anonymous;
    }

    protected CorsPolicy() {
        this.api = null;
        this.widget = null;
        this.anonymous = null;
    }

    /** @param path relative to /api, without a leading slash */
    public Rules forPath(String path) {
        return anonymous.stream().anyMatch(paths -> paths.covers(path)) ? widget : api;
    }

    private static Set<String> origins(Optional<String> configured) {
        return CommaSeparated.values(configured).stream().map(origin -> origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin)
                .collect(Collectors.toUnmodifiableSet());
    }
}

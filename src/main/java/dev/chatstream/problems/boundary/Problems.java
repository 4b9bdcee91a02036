package dev.chatstream.problems.boundary;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Builds problem+json responses; the one place that knows their shape. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    public static Response response(int status, String title, String detail, Long retryAfterSeconds,
                                    Map<String, Object> extensions) {
        var builder = Response.status(status).type(MEDIA_TYPE).entity(json(status, title, detail, extensions));
        if (retryAfterSeconds != null) {
            builder.header("Retry-After", retryAfterSeconds);
        }
        if (status == 401) {
            builder.header("WWW-Authenticate", "Bearer");
        }
        return builder.build();
    }

    public static Response response(int status, String detail) {
        return response(status, title(status), detail, null, Map.of());
    }

    static String title(int status) {
        var known = Response.Status.fromStatusCode(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    static String json(int status, String title, String detail, Map<String, Object> extensions) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("type", "about:blank")
                .add("title", title)
                .add("status", status);
        if (detail != null) {
            body.add("detail", detail);
        }
        extensions.forEach((name, value) -> body.add(name, String.valueOf(value)));
        return body.build().toString();
    }
}

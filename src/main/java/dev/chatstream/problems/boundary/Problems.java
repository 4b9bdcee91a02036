package dev.chatstream.problems.boundary;

import dev.chatstream.platform.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Builds problem+json responses; the one place that knows their shape. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** What a 401 asks for. */
    static final String CHALLENGE_HEADER = "WWW-Authenticate";
    static final String CHALLENGE = "Bearer";

    private Problems() {
    }

    public static Response response(int status, String title, String detail, Long retryAfterSeconds,
                                    Map<String, Object> extensions) {
        var builder = Response.status(status).type(MEDIA_TYPE).entity(json(status, title, detail, extensions));
        if (retryAfterSeconds != null) {
            builder.header("Retry-After", retryAfterSeconds);
        }
        if (status == 401) {
            builder.header(CHALLENGE_HEADER, CHALLENGE);
        }
        return builder.build();
    }

    public static Response response(int status, String detail) {
        return response(status, title(status), detail, null, Map.of());
    }

    /** What a failure the server names only by its status means, in words for the client. */
    static String detail(int status) {
        return switch (status) {
            case 400 -> "The request body is not valid JSON of the expected shape";
            case 401 -> "A valid bearer token is required";
            case 403 -> "Not allowed";
            case 404 -> "No such resource";
            case 405 -> "Method not allowed here";
            case 406 -> "None of the accepted media types can be produced";
            case 415 -> "Unsupported media type; send application/json";
            default -> status >= 500 ? "The server could not complete the request" : "The request failed";
        };
    }

    static String title(int status) {
        var known = Response.Status.fromStatusCode(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    static String json(int status, String title, String detail, Map<String, Object> extensions) {
        JsonObjectBuilder body = Json.JSON_P.createObjectBuilder()
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

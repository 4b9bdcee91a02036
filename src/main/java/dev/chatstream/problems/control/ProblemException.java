package dev.chatstream.problems.control;

import java.util.Map;

/**
 * A failure with the HTTP status and words the client should see. Thrown from control code;
 * {@code ProblemMapper} renders it.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final Long retryAfterSeconds;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String detail, Long retryAfterSeconds, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.extensions = extensions;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, detail, null, Map.of());
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, detail, null, Map.of());
    }

    /** Unknown, or another user's: the two look the same so that existence is not revealed. */
    public static ProblemException notFound(String what) {
        return new ProblemException(404, what + " not found", null, Map.of());
    }

    public static ProblemException conflict(String detail, Map<String, Object> extensions) {
        return new ProblemException(409, detail, null, extensions);
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(413, detail, null, Map.of());
    }

    public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ProblemException(429, detail, retryAfterSeconds, Map.of());
    }

    /** The server cannot take this now (it is busy, not broken): 503 with the seconds to wait. */
    public static ProblemException unavailable(String detail, long retryAfterSeconds) {
        return new ProblemException(503, detail, retryAfterSeconds, Map.of());
    }

    public int status() { return status; }
    public Long retryAfterSeconds() { return retryAfterSeconds; }
    public Map<String, Object> extensions() { return extensions; }
}

package dev.chatstream.providers.entity;

/**
 * The contract's error codes, each with the status a non-streaming request answers with, and
 * {@code no_sources}, which only a send that must answer from the knowledge base (the widget's)
 * ends with.
 */
public enum FailureCode {
    upstream_error(502),
    upstream_rate_limited(503),
    upstream_timeout(504),
    provider_unavailable(503),
    internal(500),
    no_sources(404);

    private final int httpStatus;

    FailureCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}

package dev.chatstream.providers.entity;

/** The contract's error codes, each with the status a non-streaming request answers with. */
public enum FailureCode {
    upstream_error(502),
    upstream_rate_limited(503),
    upstream_timeout(504),
    provider_unavailable(503),
    internal(500);

    private final int httpStatus;

    FailureCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}

package dev.chatstream.providers.control;

import dev.langchain4j.exception.HttpException;

/** A provider's error answer, keeping the Retry-After it may have sent. */
public class UpstreamStatusException extends HttpException {

    private final Long retryAfterSeconds;

    public UpstreamStatusException(int statusCode, String body, Long retryAfterSeconds) {
        super(statusCode, body);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

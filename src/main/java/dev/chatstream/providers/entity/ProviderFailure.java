package dev.chatstream.providers.entity;

/**
 * Why a generation failed, in words fit for the client (never the provider's raw answer).
 *
 * @param retryable         whether the same send may succeed later
 * @param retryAfterSeconds when the provider said how long to wait, else null
 */
public record ProviderFailure(FailureCode code, String message, boolean retryable, Long retryAfterSeconds) {

    public static ProviderFailure of(FailureCode code, String message, boolean retryable) {
        return new ProviderFailure(code, message, retryable, null);
    }
}

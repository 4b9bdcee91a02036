package dev.chatstream.providers.control;

import dev.chatstream.providers.entity.FailureCode;
import dev.chatstream.providers.entity.ProviderFailure;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns whatever a provider call threw into the contract's error codes, with words fit for a
 * client: the provider's own answer goes to the log only.
 */
final class FailureClassifier {

    private static final Logger LOG = Logger.getLogger(FailureClassifier.class.getName());

    private FailureClassifier() {
    }

    static ProviderFailure classify(String provider, Throwable failure) {
        LOG.log(Level.WARNING, provider + " call failed: " + failure);
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpException http) {
                return byStatus(provider, http.statusCode(),
                        http instanceof UpstreamStatusException status ? status.retryAfterSeconds() : null);
            }
            if (cause instanceof RateLimitException) {
                return new ProviderFailure(FailureCode.upstream_rate_limited, provider + " is rate limiting requests", true, null);
            }
            if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException
                    || cause instanceof dev.langchain4j.exception.TimeoutException) {
                return ProviderFailure.of(FailureCode.upstream_timeout, provider + " did not answer in time", true);
            }
            if (cause instanceof IOException) {
                return ProviderFailure.of(FailureCode.upstream_error, "The connection to " + provider + " broke off", true);
            }
            if (cause.getClass().getName().startsWith("com.fasterxml.jackson")) {
                return ProviderFailure.of(FailureCode.upstream_error, provider + " sent a malformed response", true);
            }
        }
        return ProviderFailure.of(FailureCode.upstream_error, provider + " failed to answer", true);
    }

    private static ProviderFailure byStatus(String provider, int status, Long retryAfter) {
        String message = provider + " answered HTTP " + status;
        if (status == 429) {
            return new ProviderFailure(FailureCode.upstream_rate_limited, provider + " is rate limiting requests", true, retryAfter);
        }
        if (status == 408 || status == 504) {
            return ProviderFailure.of(FailureCode.upstream_timeout, message, true);
        }
        if (status == 401 || status == 403) {
            return ProviderFailure.of(FailureCode.upstream_error, provider + " rejected the configured credentials", false);
        }
        return ProviderFailure.of(FailureCode.upstream_error, message, status >= 500);
    }
}

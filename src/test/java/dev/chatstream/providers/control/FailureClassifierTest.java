package dev.chatstream.providers.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.providers.entity.FailureCode;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    @Test
    void statusesMapToTheContractsCodes() {
        var limited = FailureClassifier.classify("openai", new UpstreamStatusException(429, "{}", 12L));
        assertEquals(FailureCode.upstream_rate_limited, limited.code());
        assertEquals(12L, limited.retryAfterSeconds());
        var server = FailureClassifier.classify("openai", new UpstreamStatusException(500, "secret body", null));
        assertEquals(FailureCode.upstream_error, server.code());
        assertTrue(server.retryable());
        assertFalse(server.message().contains("secret body"), "the provider's answer stays in the log");
        var auth = FailureClassifier.classify("openai", new UpstreamStatusException(401, "bad key sk-123", null));
        assertFalse(auth.retryable());
        assertFalse(auth.message().contains("sk-123"));
    }

    @Test
    void transportFailures() {
        assertEquals(FailureCode.upstream_error,
                FailureClassifier.classify("openai", new RuntimeException(new IOException("reset"))).code());
        assertEquals(FailureCode.upstream_timeout,
                FailureClassifier.classify("openai", new TimeoutException("Idle timeout 120000 ms")).code());
    }
}

package dev.chatstream.streaming.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.threads.entity.Owner;
import org.junit.jupiter.api.Test;

class SendRateLimiterTest {

    @Test
    void limitsEachUserSeparately() {
        var limiter = new SendRateLimiter(3);
        var alice = new Owner("acme", "alice");
        for (int i = 0; i < 3; i++) {
            limiter.admit(alice);
        }
        var problem = assertThrows(ProblemException.class, () -> limiter.admit(alice));
        assertEquals(429, problem.status());
        assertTrue(problem.retryAfterSeconds() >= 1 && problem.retryAfterSeconds() <= 61);
        limiter.admit(new Owner("acme", "bob"));
        limiter.admit(new Owner("globex", "alice"));
    }
}

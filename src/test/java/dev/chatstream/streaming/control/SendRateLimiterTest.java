package dev.chatstream.streaming.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.shared.Owner;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SendRateLimiterTest {

    private final ManualTicker ticker = new ManualTicker();
    private final SendRateLimiter limiter = new SendRateLimiter(3, ticker);
    private final Owner alice = new Owner("acme", "alice");

    @Test
    void limitsEachUserSeparately() {
        sendThree(alice);
        var problem = assertThrows(ProblemException.class, () -> limiter.admit(alice));
        assertEquals(429, problem.status());
        assertTrue(problem.retryAfterSeconds() >= 1 && problem.retryAfterSeconds() <= 61);
        sendThree(new Owner("acme", "bob"));
        sendThree(new Owner("globex", "alice"));
        assertThrows(ProblemException.class, () -> limiter.admit(new Owner("acme", "bob")));
    }

    @Test
    void theWindowSlides() {
        limiter.admit(alice);
        ticker.advance(Duration.ofSeconds(30));
        limiter.admit(alice);
        limiter.admit(alice);
        var problem = assertThrows(ProblemException.class, () -> limiter.admit(alice));
        assertEquals(31, problem.retryAfterSeconds(), "the oldest send leaves the window 30 s later");
        ticker.advance(Duration.ofSeconds(30));
        limiter.admit(alice);
        assertThrows(ProblemException.class, () -> limiter.admit(alice), "the two later sends are still in the window");
        ticker.advance(Duration.ofSeconds(30));
        limiter.admit(alice);
        limiter.admit(alice);
    }

    @Test
    void usersIdleForAMinuteAreForgotten() {
        for (int i = 0; i < 100; i++) {
            limiter.admit(new Owner("acme", "user-" + i));
        }
        assertEquals(100, limiter.users());
        ticker.advance(Duration.ofSeconds(61));
        limiter.admit(alice);
        assertEquals(1, limiter.users(), "only the user with a send in the window is kept");
    }

    private void sendThree(Owner owner) {
        for (int i = 0; i < 3; i++) {
            limiter.admit(owner);
        }
    }
}

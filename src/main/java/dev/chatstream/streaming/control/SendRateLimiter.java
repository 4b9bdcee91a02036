package dev.chatstream.streaming.control;

import dev.chatstream.shared.Owner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** CHAT_RATE_LIMIT_PER_MINUTE sends per user in any sliding minute, whichever surface they come through. */
@ApplicationScoped
public class SendRateLimiter {

    private final SlidingWindowLimit<Owner> limit;

    @Inject
    public SendRateLimiter(@ConfigProperty(name = "CHAT_RATE_LIMIT_PER_MINUTE") int perMinute) {
        this(perMinute, Ticker.SYSTEM);
    }

    SendRateLimiter(int perMinute, Ticker ticker) {
        this.limit = new SlidingWindowLimit<>(perMinute, "messages", ticker);
    }

    protected SendRateLimiter() {
        this(0);
    }

    public void admit(Owner owner) {
        limit.admit(owner);
    }

    int users() {
        return limit.keys();
    }
}

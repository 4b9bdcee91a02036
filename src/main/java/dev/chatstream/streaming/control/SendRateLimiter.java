package dev.chatstream.streaming.control;

import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.shared.Owner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** CHAT_RATE_LIMIT_PER_MINUTE sends per user in any sliding minute; beyond that 429 with Retry-After. */
@ApplicationScoped
public class SendRateLimiter {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final Map<Owner, ArrayDeque<Long>> sends = new ConcurrentHashMap<>();
    private final int perMinute;
    private final Ticker ticker;

    @Inject
    public SendRateLimiter(@ConfigProperty(name = "CHAT_RATE_LIMIT_PER_MINUTE") int perMinute) {
        this(perMinute, Ticker.SYSTEM);
    }

    SendRateLimiter(int perMinute, Ticker ticker) {
        this.perMinute = perMinute;
        this.ticker = ticker;
    }

    protected SendRateLimiter() {
        this(0);
    }

    public void admit(Owner owner) {
        long now = ticker.nanos();
        var recent = sends.computeIfAbsent(owner, key -> new ArrayDeque<>());
        synchronized (recent) {
            while (!recent.isEmpty() && now - recent.peekFirst() >= MINUTE) {
                recent.pollFirst();
            }
            if (recent.size() >= perMinute) {
                long waitSeconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(MINUTE - (now - recent.peekFirst())) + 1);
                throw ProblemException.tooManyRequests("At most " + perMinute + " messages a minute; try again in "
                        + waitSeconds + " s", waitSeconds);
            }
            recent.addLast(now);
        }
    }
}

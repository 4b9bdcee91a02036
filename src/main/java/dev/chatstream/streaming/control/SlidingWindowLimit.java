package dev.chatstream.streaming.control;

import dev.chatstream.problems.control.ProblemException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code perMinute} admissions per key in any sliding minute; beyond that a 429 with
 * Retry-After. Keys idle for a minute are dropped, so a stream of new keys costs no memory for long.
 */
public final class SlidingWindowLimit<K> {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final Map<K, ArrayDeque<Long>> admitted = new ConcurrentHashMap<>();
    private final int perMinute;
    private final String what;
    private final Ticker ticker;
    private volatile long sweptNanos;

    /** @param what what is counted, for the 429's detail: "messages", "questions" */
    public SlidingWindowLimit(int perMinute, String what, Ticker ticker) {
        this.perMinute = perMinute;
        this.what = what;
        this.ticker = ticker;
        this.sweptNanos = ticker.nanos();
    }

    public void admit(K key) {
        long now = ticker.nanos();
        sweepIdle(now);
        var waitSeconds = new long[1];
        admitted.compute(key, (k, recent) -> {
            var window = recent == null ? new ArrayDeque<Long>() : recent;
            dropExpired(window, now);
            if (window.size() >= perMinute) {
                waitSeconds[0] = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(MINUTE - (now - window.peekFirst())) + 1);
            } else {
                window.addLast(now);
            }
            return window;
        });
        if (waitSeconds[0] > 0) {
            throw ProblemException.tooManyRequests("At most " + perMinute + " " + what + " a minute; try again in "
                    + waitSeconds[0] + " s", waitSeconds[0]);
        }
    }

    /** Once a minute: forget the keys with nothing left in their window. */
    private void sweepIdle(long now) {
        long swept = sweptNanos;
        if (now - swept < MINUTE) {
            return;
        }
        sweptNanos = now;
        admitted.keySet().forEach(key -> admitted.computeIfPresent(key, (k, window) -> {
            dropExpired(window, now);
            return window.isEmpty() ? null : window;
        }));
    }

    private static void dropExpired(ArrayDeque<Long> window, long now) {
        while (!window.isEmpty() && now - window.peekFirst() >= MINUTE) {
            window.pollFirst();
        }
    }

    int keys() {
        return admitted.size();
    }
}

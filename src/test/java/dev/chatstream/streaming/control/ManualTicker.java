package dev.chatstream.streaming.control;

import java.time.Duration;
import java.time.Instant;

/** Time that moves only when a test says so. */
final class ManualTicker implements Ticker {

    private long nanos = 1_000_000_000L;
    private Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Override
    public synchronized long nanos() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    synchronized void advance(Duration duration) {
        nanos += duration.toNanos();
        now = now.plus(duration);
    }
}

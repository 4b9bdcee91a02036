package dev.chatstream.streaming.control;

import java.time.Instant;

/** The time a run reads: the system's in production, a hand-moved one in unit tests. */
public interface Ticker {

    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    };

    /** A monotonic reading for durations. */
    long nanos();

    /** The wall clock, for event timestamps. */
    Instant now();
}

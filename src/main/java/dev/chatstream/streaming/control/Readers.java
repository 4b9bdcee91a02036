package dev.chatstream.streaming.control;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The readers of one run, each with its own {@link Outbox}, and since when the run has had none
 * (a run nobody reads is stopped after the grace). Guarded by the run's lock; nothing here
 * writes to a socket.
 */
final class Readers {

    /**
     * @param executor where the outboxes write, one task per reader at a time
     * @param maxLag   how many live frames a reader may fall behind before it is dropped
     */
    record Settings(Executor executor, long maxLag) {
    }

    private final RunLog log;
    private final Settings settings;
    private final Ticker ticker;
    private final Consumer<Outbox> whenGone;
    /** Copy-on-write: an outbox may report itself gone from inside a call on it, and readers come and go rarely. */
    private final List<Outbox> outboxes = new CopyOnWriteArrayList<>();
    private boolean detached;
    private long detachedSinceNanos;

    Readers(RunLog log, Settings settings, Ticker ticker, Consumer<Outbox> whenGone) {
        this.log = log;
        this.settings = settings;
        this.ticker = ticker;
        this.whenGone = whenGone;
    }

    /** A new reader gets every event after {@code afterSeq}; for a finished run, then its release. */
    void add(Subscriber subscriber, long afterSeq, boolean finished) {
        var outbox = new Outbox(subscriber, log, afterSeq, settings.executor(), settings.maxLag(), whenGone);
        if (finished) {
            outbox.end();
            return;
        }
        outboxes.add(outbox);
        outbox.offer(log.lastSeq());
        detached = false;
    }

    void offer(long seq, boolean live) {
        for (var outbox : outboxes) {
            if (!outbox.offer(seq)) {
                outboxes.remove(outbox);
            }
        }
        noteDetached(live);
    }

    void ping() {
        outboxes.forEach(Outbox::ping);
    }

    void remove(Outbox outbox, boolean live) {
        outboxes.remove(outbox);
        noteDetached(live);
    }

    /** The run is over: each reader gets what is left, then is released. */
    void endAll() {
        var ending = List.copyOf(outboxes);
        outboxes.clear();
        ending.forEach(Outbox::end);
    }

    /** Whether the run has had no reader for longer than {@code graceNanos}. */
    boolean detachedLongerThan(long graceNanos) {
        return detached && ticker.nanos() - detachedSinceNanos > graceNanos;
    }

    int count() {
        return outboxes.size();
    }

    private void noteDetached(boolean live) {
        if (live && outboxes.isEmpty() && !detached) {
            detached = true;
            detachedSinceNanos = ticker.nanos();
        }
    }
}

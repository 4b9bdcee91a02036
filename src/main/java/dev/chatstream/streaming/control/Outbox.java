package dev.chatstream.streaming.control;

import dev.chatstream.streaming.entity.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One reader's delivery: a cursor over the run's log, drained by one task at a time on the
 * delivery executor, so that at most one write is in flight per reader and nobody else's thread
 * ever waits on this reader's socket. The run only moves the cursor's limit (cheap, under its
 * lock); the frames stay in the log, so a slow reader holds no copies. A reader more than
 * {@code maxLag} live frames behind is dropped; it may rejoin with Last-Event-ID.
 */
final class Outbox {

    private final Subscriber subscriber;
    private final RunLog log;
    private final Executor executor;
    private final long maxLag;
    private final Consumer<Outbox> whenGone;

    // guarded by this
    private long written;
    private long available;
    /** Where live reading began: replaying the frames before it is not falling behind. */
    private final long liveFrom;
    private boolean pingDue;
    private boolean ending;
    private boolean draining;
    private boolean gone;
    private boolean released;

    Outbox(Subscriber subscriber, RunLog log, long afterSeq, Executor executor, long maxLag, Consumer<Outbox> whenGone) {
        this.subscriber = subscriber;
        this.log = log;
        this.executor = executor;
        this.maxLag = maxLag;
        this.whenGone = whenGone;
        this.written = afterSeq;
        this.liveFrom = log.lastSeq();
        this.available = liveFrom;
    }

    /**
     * Frames up to {@code seq} may be read.
     *
     * @return false when the reader has fallen too far behind (or left) and is dropped
     */
    synchronized boolean offer(long seq) {
        if (gone) {
            return false;
        }
        available = seq;
        if (available - Math.max(written, liveFrom) > maxLag) {
            gone = true;
        }
        schedule();
        return !gone;
    }

    /** Sends a keep-alive comment when nothing else is waiting; a failed one reveals a gone client. */
    synchronized void ping() {
        if (!gone) {
            pingDue = true;
            schedule();
        }
    }

    /** The run has ended: deliver what is left, then release the reader. */
    synchronized void end() {
        ending = true;
        schedule();
    }

    private void schedule() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException shuttingDown) {
            gone = true;
            draining = false;
            subscriber.close();
        }
    }

    private void drain() {
        while (true) {
            long next = 0;
            long last = 0;
            boolean ping = false;
            synchronized (this) {
                if (!gone && written < available) {
                    next = written + 1;
                    last = Math.min(available, written + subscriber.batch());
                } else if (!gone && pingDue) {
                    ping = true;
                    pingDue = false;
                } else if (gone || ending) {
                    gone = true;
                    draining = false;
                    if (released) {
                        return;
                    }
                    released = true;
                    break;
                } else {
                    draining = false;
                    return;
                }
            }
            boolean delivered = ping ? subscriber.ping() : subscriber.deliver(frames(next, last));
            synchronized (this) {
                if (!delivered) {
                    gone = true;
                } else if (!ping) {
                    written = last;
                }
            }
        }
        subscriber.close();
        whenGone.accept(this);
    }

    private List<Frame> frames(long first, long last) {
        if (first == last) {
            return List.of(log.frame(first));
        }
        var frames = new ArrayList<Frame>((int) (last - first + 1));
        for (long seq = first; seq <= last; seq++) {
            frames.add(log.frame(seq));
        }
        return frames;
    }
}

package dev.chatstream.streaming.control;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads readers are written on: an idle one takes the next write, a new one starts only
 * when all are busy (a plain pool with a fixed size starts a thread per task until it has them
 * all, even while others idle), up to {@code max}; beyond that writes wait in line. A write
 * blocks its thread while the client's socket is full, so a slow reader costs one of these and
 * nobody else's thread.
 */
final class WriterThreads extends ThreadPoolExecutor {

    /** Hands a task over only to a thread waiting for one; otherwise the pool starts a thread. */
    private static final class HandOver extends LinkedTransferQueue<Runnable> {
        @Override
        public boolean offer(Runnable task) {
            return tryTransfer(task);
        }
    }

    WriterThreads(int max, ThreadFactory threads) {
        super(0, max, 30, TimeUnit.SECONDS, new HandOver(), threads, (task, pool) -> {
            if (pool.isShutdown()) {
                throw new RejectedExecutionException("shutting down");
            }
            // all max threads busy: wait in line (add never blocks and does not go through offer)
            pool.getQueue().add(task);
        });
    }
}

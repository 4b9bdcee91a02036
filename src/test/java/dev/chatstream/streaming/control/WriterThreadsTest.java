package dev.chatstream.streaming.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriterThreadsTest {

    private final WriterThreads writers = new WriterThreads(2, task -> {
        var thread = new Thread(task);
        thread.setDaemon(true);
        return thread;
    });

    @AfterEach
    void stop() {
        writers.shutdownNow();
    }

    @Test
    void anIdleThreadTakesTheNextWriteInsteadOfANewOne() throws Exception {
        for (int i = 0; i < 50; i++) {
            var done = new CountDownLatch(1);
            writers.execute(done::countDown);
            assertTrue(done.await(5, TimeUnit.SECONDS));
            awaitIdle();
        }
        assertEquals(1, writers.getLargestPoolSize(), "one write at a time needs one thread");
    }

    @Test
    void writesBeyondTheBusyThreadsWaitInLineAndAllRun() throws Exception {
        var blocked = new CountDownLatch(1);
        var started = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            writers.execute(() -> {
                started.countDown();
                await(blocked);
            });
        }
        assertTrue(started.await(5, TimeUnit.SECONDS));
        var third = new CountDownLatch(1);
        writers.execute(third::countDown);
        assertFalse(third.await(100, TimeUnit.MILLISECONDS), "both threads are busy, the third write waits");
        assertEquals(2, writers.getPoolSize());
        blocked.countDown();
        assertTrue(third.await(5, TimeUnit.SECONDS), "and runs once a thread is free");
    }

    @Test
    void nothingIsAcceptedAfterShutdown() {
        writers.shutdown();
        assertThrows(RejectedExecutionException.class, () -> writers.execute(() -> { }));
    }

    /** Until the finished task's thread is back waiting for the next one. */
    private void awaitIdle() {
        var queue = (java.util.concurrent.LinkedTransferQueue<Runnable>) writers.getQueue();
        while (!queue.hasWaitingConsumer()) {
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

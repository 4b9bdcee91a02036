package dev.chatstream.platform;

import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Short write transactions of many callers committed together. A caller queues its work and
 * takes the lock; whoever holds it runs everything queued meanwhile in one transaction, each
 * work inside its own savepoint (a work that throws is undone alone and its caller gets the
 * exception), then commits once. Alone, a caller runs its own work at once; under load, one
 * commit serves many: on H2 every commit rewrites the pages it changed, which made commits the
 * largest cost of a send.
 */
final class GroupCommit {

    /** Most works in one transaction. */
    private static final int BATCH = 64;

    private final SessionFactory sessions;
    private final ReentrantLock leader = new ReentrantLock();
    private final ConcurrentLinkedQueue<Work<?>> queued = new ConcurrentLinkedQueue<>();

    GroupCommit(SessionFactory sessions) {
        this.sessions = sessions;
    }

    <R> R run(Function<Session, R> function) {
        var work = new Work<>(function);
        queued.add(work);
        leader.lock();
        try {
            while (!work.done) {
                commitQueued();
            }
        } finally {
            leader.unlock();
        }
        if (work.failure != null) {
            throw work.failure;
        }
        return work.result;
    }

    private void commitQueued() {
        var batch = new ArrayList<Work<?>>();
        for (Work<?> next; batch.size() < BATCH && (next = queued.poll()) != null; ) {
            batch.add(next);
        }
        try {
            sessions.inTransaction(session -> batch.forEach(work -> work.run(session)));
        } catch (RuntimeException commitFailed) {
            batch.stream().filter(work -> work.failure == null).forEach(work -> work.failure = commitFailed);
        } catch (Error fatal) {
            // taken off the queue: unless they are answered here, their callers would wait for ever
            var failure = new IllegalStateException("The shared transaction failed", fatal);
            batch.stream().filter(work -> work.failure == null).forEach(work -> work.failure = failure);
            throw fatal;
        } finally {
            batch.forEach(work -> work.done = true);
        }
    }

    /** One caller's work; only ever touched by the thread holding the lock, and read by its caller after it. */
    private static final class Work<R> {
        final Function<Session, R> function;
        R result;
        RuntimeException failure;
        boolean done;

        Work(Function<Session, R> function) {
            this.function = function;
        }

        void run(Session session) {
            Savepoint savepoint = session.doReturningWork(connection -> connection.setSavepoint());
            try {
                result = function.apply(session);
                session.flush();
            } catch (RuntimeException e) {
                session.clear();
                session.doWork(connection -> connection.rollback(savepoint));
                failure = e;
            }
        }
    }
}

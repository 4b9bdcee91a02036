package dev.chatstream.streaming.control;

import dev.chatstream.platform.Startup;
import dev.chatstream.problems.control.Incidents;
import dev.chatstream.providers.entity.FailureCode;
import dev.chatstream.streaming.entity.StreamEvent;
import dev.chatstream.threads.control.Exchanges;
import dev.chatstream.threads.entity.MessageStatus;
import dev.chatstream.threads.entity.RunOutcome;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stores a run's outcome off the provider's thread, then sends the workflow's progress and
 * {@code done}. A store that fails is retried (the database may be back in a moment); when it
 * still fails the run ends {@code interrupted}, and freeing the thread is retried until the
 * database takes it, so that no thread stays busy until a restart.
 */
@ApplicationScoped
public class Outcomes {

    private static final Logger LOG = Logger.getLogger(Outcomes.class.getName());
    /** Delays before the retries of an outcome: about two seconds in all before the reader is told. */
    private static final long[] RETRY_MILLIS = {250, 500, 1000};
    /** How often freeing the thread is tried again once the outcome was given up. */
    private static final long RELEASE_RETRY_MILLIS = 2000;

    @Resource
    ManagedThreadFactory threadFactory;
    @Resource
    ManagedScheduledExecutorService scheduler;
    /** Most outcomes written in one transaction. */
    private static final int BATCH = 64;

    private final Exchanges exchanges;
    private final int storeThreads;
    private final ConcurrentLinkedQueue<Queued> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private ExecutorService stores;

    @Inject
    public Outcomes(Exchanges exchanges, @ConfigProperty(name = "CHAT_RUN_STORE_THREADS") int storeThreads) {
        this.exchanges = exchanges;
        this.storeThreads = storeThreads;
    }

    protected Outcomes() {
        this(null, 0);
    }

    /**
     * Threads of its own: Payara's default managed executor runs one task at a time (core size
     * 0, unbounded queue), so a document being embedded there would hold back every run's
     * {@code done}. Created at start, on a container thread: first created on a provider's
     * callback thread (where its first use would be), its resources would not be injected.
     */
    void onStart(@Observes @Priority(Startup.ORDER + 600) Startup.Starting event) {
        stores = Executors.newFixedThreadPool(storeThreads, threadFactory);
    }

    @PreDestroy
    void stop() {
        if (stores != null) {
            stores.shutdown();
        }
    }

    /**
     * Queues the outcome; one drain at a time writes whatever is queued in one transaction, so
     * runs that end together cost one commit (on H2 a commit rewrites the changed pages, which
     * was the largest cost of a run under load).
     */
    public void store(Run run, RunOutcome outcome) {
        queued.add(new Queued(run, outcome));
        if (draining.compareAndSet(false, true)) {
            stores.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            var batch = new ArrayList<Queued>();
            for (Queued next; batch.size() < BATCH && (next = queued.poll()) != null; ) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                draining.set(false);
                // an outcome queued between the poll and the reset finds the flag still set
                if (queued.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            List<Exchanges.WorkflowProgress> progress;
            try {
                progress = exchanges.finish(batch.stream().map(Queued::ending).toList());
            } catch (RuntimeException e) {
                // each is retried alone: one answer the database refuses must not hold back the rest
                batch.forEach(failed -> retryOrGiveUp(failed, 0, e));
                continue;
            }
            for (int i = 0; i < batch.size(); i++) {
                try {
                    stored(batch.get(i), progress.get(i));
                } catch (RuntimeException e) {
                    // stored, but the close failed: the others of the batch (and the drain) go on
                    Incidents.log(LOG, "Closing run " + batch.get(i).run().id() + " after its answer was stored failed", e);
                }
            }
        }
    }

    private void attempt(Queued outcome, int attempt) {
        try {
            stored(outcome, exchanges.finish(List.of(outcome.ending())).get(0));
        } catch (RuntimeException e) {
            retryOrGiveUp(outcome, attempt, e);
        }
    }

    /** The workflow's progress and the close, once the outcome is in the database. */
    private static void stored(Queued stored, Exchanges.WorkflowProgress progress) {
        var run = stored.run();
        var step = run.step();
        if (step != null && stored.outcome().status() == MessageStatus.completed && progress != null) {
            run.publish(progress.step() == null
                    ? new StreamEvent.WorkflowComplete(progress.workflow(), "The " + step.workflow().title() + " workflow is complete.")
                    : new StreamEvent.WorkflowStatus(progress.workflow(), "advanced",
                            new StepContext(step.workflow(), progress.step(), Map.of()).view(), step.totalSteps()));
        }
        run.close(stored.outcome().status());
    }

    /** {@code attempt} failed: tried again after a pause, or the run ends interrupted. */
    private void retryOrGiveUp(Queued outcome, int attempt, RuntimeException failure) {
        var run = outcome.run();
        if (attempt < RETRY_MILLIS.length) {
            LOG.log(Level.WARNING, "Storing the answer of run " + run.id() + " failed; retrying", failure);
            scheduler.schedule(() -> stores.execute(() -> attempt(outcome, attempt + 1)), RETRY_MILLIS[attempt],
                    TimeUnit.MILLISECONDS);
            return;
        }
        String incident = Incidents.log(LOG, "Storing the answer of run " + run.id() + " failed "
                + (attempt + 1) + " times; it ends interrupted", failure);
        run.publish(new StreamEvent.Error(FailureCode.internal.name(),
                "The answer could not be saved (incident " + incident + ")", true));
        // written before done goes out, so that a reader who lists the messages after done sees
        // the answer interrupted; done goes out whether or not the database takes it yet
        var interrupted = new Queued(run, interrupted(outcome.outcome()));
        boolean released = release(interrupted);
        run.close(MessageStatus.interrupted);
        if (!released) {
            retryRelease(interrupted);
        }
    }

    /** Writes the answer interrupted and frees its thread; false when the database refused. */
    private boolean release(Queued outcome) {
        try {
            exchanges.finish(List.of(outcome.ending()));
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Freeing the thread of run " + outcome.run().id() + " failed; retrying", e);
            return false;
        }
    }

    private void retryRelease(Queued outcome) {
        scheduler.schedule(() -> stores.execute(() -> {
            if (!release(outcome)) {
                retryRelease(outcome);
            }
        }), RELEASE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** An outcome waiting to be written. */
    private record Queued(Run run, RunOutcome outcome) {
        Exchanges.Ending ending() {
            var step = run.step();
            return new Exchanges.Ending(run.threadId(), run.id(), run.messageId(), outcome,
                    step == null ? null : step.index(), step == null ? 0 : step.totalSteps());
        }
    }

    private static RunOutcome interrupted(RunOutcome outcome) {
        return new RunOutcome(outcome.content(), MessageStatus.interrupted, outcome.provider(), outcome.model(),
                outcome.usage(), outcome.ttftMs(), outcome.latencyMs(), outcome.finishReason(), outcome.errorCode(),
                outcome.confidence(), outcome.citations());
    }
}

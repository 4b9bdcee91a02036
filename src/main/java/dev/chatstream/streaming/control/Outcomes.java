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
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
    private final Exchanges exchanges;
    private final int storeThreads;
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

    public void store(Run run, RunOutcome outcome) {
        stores.execute(() -> attempt(run, outcome, 0));
    }

    private void attempt(Run run, RunOutcome outcome, int attempt) {
        try {
            var progress = finish(run, outcome);
            var step = run.step();
            if (step != null && outcome.status() == MessageStatus.completed && progress != null) {
                run.publish(progress.step() == null
                        ? new StreamEvent.WorkflowComplete(progress.workflow(), "The " + step.workflow().title() + " workflow is complete.")
                        : new StreamEvent.WorkflowStatus(progress.workflow(), "advanced",
                                new StepContext(step.workflow(), progress.step(), Map.of()).view(), step.totalSteps()));
            }
            run.close(outcome.status());
        } catch (RuntimeException e) {
            if (attempt < RETRY_MILLIS.length) {
                LOG.log(Level.WARNING, "Storing the answer of run " + run.id() + " failed; retrying", e);
                scheduler.schedule(() -> stores.execute(() -> attempt(run, outcome, attempt + 1)), RETRY_MILLIS[attempt],
                        TimeUnit.MILLISECONDS);
                return;
            }
            String incident = Incidents.log(LOG, "Storing the answer of run " + run.id() + " failed "
                    + (attempt + 1) + " times; it ends interrupted", e);
            run.publish(new StreamEvent.Error(FailureCode.internal.name(),
                    "The answer could not be saved (incident " + incident + ")", true));
            run.close(MessageStatus.interrupted);
            release(run, interrupted(outcome));
        }
    }

    private void release(Run run, RunOutcome outcome) {
        try {
            finish(run, outcome);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Freeing the thread of run " + run.id() + " failed; retrying", e);
            scheduler.schedule(() -> stores.execute(() -> release(run, outcome)), RELEASE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private Exchanges.WorkflowProgress finish(Run run, RunOutcome outcome) {
        var step = run.step();
        return exchanges.finish(run.threadId(), run.id(), run.messageId(), outcome,
                step == null ? null : step.index(), step == null ? 0 : step.totalSteps());
    }

    private static RunOutcome interrupted(RunOutcome outcome) {
        return new RunOutcome(outcome.content(), MessageStatus.interrupted, outcome.provider(), outcome.model(),
                outcome.usage(), outcome.ttftMs(), outcome.latencyMs(), outcome.finishReason(), outcome.errorCode(),
                outcome.confidence(), outcome.citations());
    }
}

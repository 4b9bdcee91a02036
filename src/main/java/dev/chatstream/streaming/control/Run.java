package dev.chatstream.streaming.control;

import dev.chatstream.knowledge.control.Grounding;
import dev.chatstream.providers.control.ChatProvider;
import dev.chatstream.providers.control.GenerationListener;
import dev.chatstream.providers.control.Tokens;
import dev.chatstream.providers.control.UpstreamCall;
import dev.chatstream.providers.entity.Completion;
import dev.chatstream.providers.entity.FailureCode;
import dev.chatstream.providers.entity.GenerationRequest;
import dev.chatstream.providers.entity.ProviderFailure;
import dev.chatstream.shared.Owner;
import dev.chatstream.shared.Usage;
import dev.chatstream.streaming.entity.StreamEvent;
import dev.chatstream.threads.entity.MessageStatus;
import dev.chatstream.threads.entity.RunOutcome;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One generation, living apart from the connection that started it, as a state machine:
 * RUNNING until the first of completion, failure, cancel or interruption decides the outcome
 * (ENDING: the outcome is being stored), then FINISHED once {@code done} is out. Its events go
 * to a {@link RunLog}; {@link Readers} deliver them to any number of subscribers outside the
 * run's lock.
 *
 * <p>A run starts before its send's rows are committed (the provider's first token is on its way
 * meanwhile): it has no reader until then, so nothing streams, and an outcome decided before
 * {@link #admitted} is held until then, because there is no answer row to store it in. A send
 * whose commit fails {@link #abandon}s its run.
 */
public final class Run implements GenerationListener {

    /** Where a run's outcome goes; the store calls {@link #close} once it is kept (or given up). */
    interface Store {
        void outcome(Run run, RunOutcome outcome);
    }

    private enum State { RUNNING, ENDING, FINISHED }

    private static final UpstreamCall NO_CALL = () -> { };

    private final String id;
    private final String threadId;
    private final String messageId;
    private final Owner owner;
    private final ChatProvider provider;
    private final Store store;
    private final Ticker ticker;
    /** When the send arrived: ttftMs and latencyMs count the storing and the retrieval before the run too. */
    private final long startedNanos;
    private final RunLog log;
    private final Readers readers;

    private State state = State.RUNNING;
    /** The workflow step the run answers; null outside a workflow. Set before {@link #start}. */
    private StepContext step;
    /** The passages the run answers from; null when it uses no retrieval. Set before {@link #start}. */
    private Grounding grounding;
    private UpstreamCall upstream = NO_CALL;
    private volatile long lastUpstreamNanos;
    private long firstTokenNanos;
    private long endedNanos;
    private long finishedNanos;
    private int estimatedInputTokens;
    private ProviderFailure failure;
    private MessageStatus finalStatus;
    private Double confidence;
    private int checkpointedLength;
    private boolean admitted;
    private RunOutcome heldOutcome;

    Run(String id, String threadId, String messageId, Owner owner, ChatProvider provider, Store store, Ticker ticker,
        long startedNanos, Readers.Settings delivery) {
        this.id = id;
        this.threadId = threadId;
        this.messageId = messageId;
        this.owner = owner;
        this.provider = provider;
        this.store = store;
        this.ticker = ticker;
        this.startedNanos = startedNanos;
        this.lastUpstreamNanos = ticker.nanos();
        this.log = new RunLog(id, messageId, ticker.now());
        this.readers = new Readers(log, delivery, ticker, this::readerGone);
    }

    synchronized void answering(StepContext step, Grounding grounding) {
        this.step = step;
        this.grounding = grounding;
    }

    /** Starts the provider; a run stopped meanwhile cancels the call at once. */
    void start(GenerationRequest request) {
        Integer maxSentences;
        synchronized (this) {
            estimatedInputTokens = Tokens.estimate(request);
            lastUpstreamNanos = ticker.nanos();
            maxSentences = step == null ? null : step.step().maxSentences();
        }
        GenerationListener listener = maxSentences == null ? this
                : new SentenceLimit(this, log::cutAt, maxSentences, provider.model());
        var call = provider.start(request, listener);
        synchronized (this) {
            if (state == State.RUNNING) {
                upstream = call;
                return;
            }
        }
        call.cancel();
    }

    /** The send's rows are committed: an outcome held until now is stored, any later one at once. */
    void admitted() {
        RunOutcome held;
        synchronized (this) {
            admitted = true;
            held = heldOutcome;
            heldOutcome = null;
        }
        if (held != null) {
            store.outcome(this, held);
        }
    }

    /** The send's rows were not committed: the upstream is cancelled and nothing is stored or sent. */
    void abandon() {
        synchronized (this) {
            state = State.FINISHED;
            finishedNanos = ticker.nanos();
            heldOutcome = null;
            upstream.cancel();
            upstream = NO_CALL;
        }
    }

    /** Adds a reader and replays to it every event after {@code afterSeq}, then live ones. */
    synchronized void subscribe(Subscriber subscriber, long afterSeq) {
        readers.add(subscriber, afterSeq, state == State.FINISHED);
    }

    synchronized void publish(StreamEvent event) {
        log.append(event, ticker.now());
        readers.offer(log.lastSeq(), state != State.FINISHED);
    }

    /** Pings every reader; the failed pings reveal readers that left without a word. */
    synchronized void ping() {
        readers.ping();
    }

    private synchronized void readerGone(Outbox outbox) {
        readers.remove(outbox, state != State.FINISHED);
    }

    @Override
    public void onDelta(String delta) {
        lastUpstreamNanos = ticker.nanos();
        synchronized (this) {
            if (state != State.RUNNING) {
                return;
            }
            if (firstTokenNanos == 0) {
                firstTokenNanos = lastUpstreamNanos;
            }
            log.appendDelta(delta, ticker.now());
            readers.offer(log.lastSeq(), true);
        }
    }

    @Override
    public void onComplete(Completion completion) {
        Usage usage;
        synchronized (this) {
            if (!beginEnding(MessageStatus.completed)) {
                return;
            }
            usage = completion.usage() != null ? completion.usage() : estimatedUsage();
            publishClose(completion.model(), usage, completion.finishReason());
        }
        end(completion.model(), usage, completion.finishReason(), null);
    }

    @Override
    public void onFailure(ProviderFailure providerFailure) {
        synchronized (this) {
            if (!beginEnding(MessageStatus.failed)) {
                return;
            }
            failure = providerFailure;
            log.seal();
            publish(new StreamEvent.Error(providerFailure.code().name(), providerFailure.message(), providerFailure.retryable()));
        }
        end(provider.model(), null, "error", providerFailure.code().name());
    }

    /**
     * Stops the run: the upstream request is aborted at once and the partial text kept with
     * {@code status}, with the usage so far as estimated (a provider reports usage only at the end).
     *
     * @return false when the run had already ended
     */
    boolean stop(MessageStatus status) {
        Usage usage;
        synchronized (this) {
            if (!beginEnding(status)) {
                return false;
            }
            usage = estimatedUsage();
            publishClose(provider.model(), usage, "cancelled");
        }
        end(provider.model(), usage, "cancelled", null);
        return true;
    }

    /** Fails the run when the provider has sent nothing for {@code timeoutNanos}. */
    void checkIdle(long timeoutNanos) {
        boolean idle;
        synchronized (this) {
            idle = state == State.RUNNING && ticker.nanos() - lastUpstreamNanos > timeoutNanos;
        }
        if (idle) {
            onFailure(ProviderFailure.of(FailureCode.upstream_timeout,
                    provider.name() + " sent nothing for " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s", true));
        }
    }

    /** The text so far if it grew since the last checkpoint, else null. */
    synchronized String textToCheckpoint() {
        if (state != State.RUNNING || log.textLength() == checkpointedLength) {
            return null;
        }
        checkpointedLength = log.textLength();
        return log.text();
    }

    /** The last checkpoint's text was not stored: the next one writes the text again, grown or not. */
    synchronized void checkpointFailed() {
        checkpointedLength = -1;
    }

    /** Decides the outcome, once; the upstream is stopped and let go of, whatever ended the run. */
    private boolean beginEnding(MessageStatus status) {
        if (state != State.RUNNING) {
            return false;
        }
        state = State.ENDING;
        finalStatus = status;
        endedNanos = ticker.nanos();
        upstream.cancel();
        upstream = NO_CALL;
        return true;
    }

    /** The answer's closing events: the whole text, how grounded it is, how it was made. */
    private void publishClose(String model, Usage usage, String finishReason) {
        String text = log.seal();
        publish(new StreamEvent.AiComplete(messageId, text));
        if (grounding != null) {
            confidence = grounding.confidence(text);
            publish(new StreamEvent.Confidence(messageId, confidence));
        }
        publish(new StreamEvent.Metadata(messageId, provider.name(), model, usage == null ? Usage.of(null, null) : usage,
                ttftMs(), millisSinceStart(endedNanos), finishReason));
    }

    private void end(String model, Usage usage, String finishReason, String errorCode) {
        RunOutcome outcome;
        synchronized (this) {
            outcome = new RunOutcome(log.answer(), finalStatus, provider.name(), model, usage, ttftMs(),
                    millisSinceStart(endedNanos), finishReason, errorCode, confidence,
                    grounding == null ? List.of() : grounding.citations());
            if (!admitted) {
                heldOutcome = state == State.ENDING ? outcome : null;
                return;
            }
        }
        store.outcome(this, outcome);
    }

    /**
     * After the outcome is stored (or storing it was given up: {@code status} interrupted):
     * {@code done}, exactly once and last, and every reader released once served.
     */
    synchronized void close(MessageStatus status) {
        if (state == State.FINISHED) {
            return;
        }
        finalStatus = status;
        publish(new StreamEvent.Done(finalStatus == MessageStatus.completed, messageId, finalStatus.name()));
        state = State.FINISHED;
        finishedNanos = ticker.nanos();
        log.trim();
        readers.endAll();
    }

    private Usage estimatedUsage() {
        return Usage.of(estimatedInputTokens, Tokens.estimate(log.answer()));
    }

    private Long ttftMs() {
        return firstTokenNanos == 0 ? null : millisSinceStart(firstTokenNanos);
    }

    private long millisSinceStart(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos - startedNanos);
    }

    public String id() { return id; }
    public String threadId() { return threadId; }
    public String messageId() { return messageId; }
    public Owner owner() { return owner; }
    synchronized StepContext step() { return step; }
    synchronized ProviderFailure failure() { return failure; }
    synchronized MessageStatus status() { return finalStatus; }
    synchronized boolean finished() { return state == State.FINISHED; }
    synchronized long finishedNanos() { return finishedNanos; }
    synchronized boolean detachedLongerThan(long graceNanos) { return readers.detachedLongerThan(graceNanos); }
    synchronized int subscriberCount() { return readers.count(); }
}

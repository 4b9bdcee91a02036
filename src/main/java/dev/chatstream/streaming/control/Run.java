package dev.chatstream.streaming.control;

import dev.chatstream.providers.control.ChatProvider;
import dev.chatstream.providers.control.GenerationListener;
import dev.chatstream.providers.control.Tokens;
import dev.chatstream.providers.control.UpstreamCall;
import dev.chatstream.providers.entity.Completion;
import dev.chatstream.providers.entity.FailureCode;
import dev.chatstream.providers.entity.GenerationRequest;
import dev.chatstream.providers.entity.ProviderFailure;
import dev.chatstream.streaming.entity.Frame;
import dev.chatstream.streaming.entity.StreamEvent;
import dev.chatstream.threads.entity.MessageStatus;
import dev.chatstream.threads.entity.Owner;
import dev.chatstream.threads.entity.RunOutcome;
import dev.chatstream.threads.entity.Usage;
import dev.chatstream.workflows.control.SentenceBoundaries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One generation, living apart from the connection that started it. Its events go to a log that
 * any number of subscribers read; the outcome is decided once (completed, failed, cancelled or
 * interrupted, whichever comes first), stored, and only then is {@code done} sent.
 */
public final class Run implements GenerationListener {

    /** Where a run's outcome goes; the store calls {@link #close()} once it is kept. */
    interface Store {
        void outcome(Run run, RunOutcome outcome);
    }

    private enum State { RUNNING, ENDING, FINISHED }

    static final String SENTENCE_LIMIT = "sentence_limit";

    private final String id;
    private final String threadId;
    private final String messageId;
    private final Owner owner;
    private final ChatProvider provider;
    private final Store store;
    /** The workflow step the run answers; null outside a workflow. */
    private final StepContext step;
    /** Where the stream is cut, counted in sentences; null for no limit. */
    private final Integer maxSentences;
    /** The passages the run answers from; null when it uses no retrieval. */
    private final Grounding grounding;
    /** When the send arrived: ttftMs and latencyMs count the storing and the retrieval before the run too. */
    private final long startedNanos;
    private final List<Frame> log = new ArrayList<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    private State state = State.RUNNING;
    private UpstreamCall upstream = () -> { };
    private long seq;
    private long firstTokenNanos;
    private volatile long lastUpstreamNanos = System.nanoTime();
    private long detachedSinceNanos;
    private long finishedNanos;
    private long endedNanos;
    private ProviderFailure failure;
    private MessageStatus finalStatus;
    private int estimatedInputTokens;
    private int checkpointedLength;
    private Double confidence;

    Run(String id, String threadId, String messageId, Owner owner, ChatProvider provider, Store store, Grounding grounding,
        StepContext step, long startedNanos) {
        this.startedNanos = startedNanos;
        this.step = step;
        this.maxSentences = step == null ? null : step.step().maxSentences();
        this.id = id;
        this.threadId = threadId;
        this.messageId = messageId;
        this.owner = owner;
        this.provider = provider;
        this.store = store;
        this.grounding = grounding;
    }

    void start(GenerationRequest request) {
        estimatedInputTokens = Tokens.estimate(request);
        var call = provider.start(request, this);
        synchronized (this) {
            upstream = call;
            if (state != State.RUNNING) {
                call.cancel();
            }
        }
    }

    /** Adds a reader and replays to it every event after {@code afterSeq}. */
    synchronized void subscribe(Subscriber subscriber, long afterSeq) {
        for (Frame frame : log) {
            if (frame.seq() > afterSeq && !subscriber.deliver(frame)) {
                subscriber.close();
                return;
            }
        }
        if (state == State.FINISHED) {
            subscriber.close();
        } else {
            subscribers.add(subscriber);
            detachedSinceNanos = 0;
        }
    }

    synchronized void publish(StreamEvent event) {
        var frame = EventJson.frame(id, ++seq, event, Instant.now());
        log.add(frame);
        subscribers.removeIf(subscriber -> {
            boolean gone = !subscriber.deliver(frame);
            if (gone) {
                subscriber.close();
            }
            return gone;
        });
        noteDetached();
    }

    /** Pings every reader; the failed pings reveal readers that left without a word. */
    synchronized void ping() {
        subscribers.removeIf(subscriber -> !subscriber.ping());
        noteDetached();
    }

    private void noteDetached() {
        if (subscribers.isEmpty() && detachedSinceNanos == 0 && state != State.FINISHED) {
            detachedSinceNanos = System.nanoTime();
        }
    }

    @Override
    public void onDelta(String delta) {
        lastUpstreamNanos = System.nanoTime();
        Usage usage;
        synchronized (this) {
            if (state != State.RUNNING) {
                return;
            }
            if (firstTokenNanos == 0) {
                firstTokenNanos = lastUpstreamNanos;
            }
            int before = text.length();
            text.append(delta);
            int end = maxSentences == null ? -1 : SentenceBoundaries.endOfSentence(text.toString(), maxSentences, false);
            if (end < 0) {
                publish(new StreamEvent.AiDelta(messageId, delta));
                return;
            }
            // the step's last sentence is complete: keep exactly that much and stop the provider at once
            if (end > before) {
                publish(new StreamEvent.AiDelta(messageId, text.substring(before, end)));
            }
            text.setLength(end);
            beginEnding();
            upstream.cancel();
            usage = Usage.of(estimatedInputTokens, Tokens.estimate(text.toString()));
            publishClose(provider.model(), usage, SENTENCE_LIMIT);
        }
        end(MessageStatus.completed, provider.model(), usage, SENTENCE_LIMIT, null);
    }

    @Override
    public void onComplete(Completion completion) {
        synchronized (this) {
            if (!beginEnding()) {
                return;
            }
            publishClose(completion.model(), completion.usage(), completion.finishReason());
        }
        end(MessageStatus.completed, completion.model(), completion.usage(), completion.finishReason(), null);
    }

    @Override
    public void onFailure(ProviderFailure providerFailure) {
        synchronized (this) {
            if (!beginEnding()) {
                return;
            }
            failure = providerFailure;
            publish(new StreamEvent.Error(providerFailure.code().name(), providerFailure.message(), providerFailure.retryable()));
        }
        end(MessageStatus.failed, provider.model(), null, "error", providerFailure.code().name());
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
            if (!beginEnding()) {
                return false;
            }
            upstream.cancel();
            finalStatus = status;
            usage = Usage.of(estimatedInputTokens, Tokens.estimate(text.toString()));
            publishClose(provider.model(), usage, "cancelled");
        }
        end(status, provider.model(), usage, "cancelled", null);
        return true;
    }

    /** The text so far if it grew since the last checkpoint, else null. */
    synchronized String textToCheckpoint() {
        if (state != State.RUNNING || text.length() == checkpointedLength) {
            return null;
        }
        checkpointedLength = text.length();
        return text.toString();
    }

    /** The answer's closing events: the whole text, how grounded it is, how it was made. */
    private void publishClose(String model, Usage usage, String finishReason) {
        publish(new StreamEvent.AiComplete(messageId, text.toString()));
        publishConfidence();
        publish(metadata(model, usage, finishReason));
    }

    private void publishConfidence() {
        if (grounding != null) {
            confidence = grounding.confidence(text.toString());
            publish(new StreamEvent.Confidence(messageId, confidence));
        }
    }

    /** Fails the run when the provider has sent nothing for {@code timeoutNanos}. */
    void checkIdle(long timeoutNanos, long now) {
        if (state == State.RUNNING && now - lastUpstreamNanos > timeoutNanos) {
            upstream.cancel();
            onFailure(ProviderFailure.of(FailureCode.upstream_timeout,
                    provider.name() + " sent nothing for " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s", true));
        }
    }

    private boolean beginEnding() {
        if (state != State.RUNNING) {
            return false;
        }
        state = State.ENDING;
        endedNanos = System.nanoTime();
        return true;
    }

    private void end(MessageStatus status, String model, Usage usage, String finishReason, String errorCode) {
        String content;
        Double confidence;
        synchronized (this) {
            finalStatus = status;
            content = text.toString();
            confidence = this.confidence;
        }
        store.outcome(this, new RunOutcome(content, status, provider.name(), model, usage,
                ttftMs(), millisSinceStart(endedNanos), finishReason, errorCode, confidence,
                grounding == null ? List.of() : grounding.citations()));
    }

    /** After the outcome is stored: {@code done}, and every reader released. */
    synchronized void close() {
        publish(new StreamEvent.Done(finalStatus == MessageStatus.completed, messageId, finalStatus.name()));
        state = State.FINISHED;
        finishedNanos = System.nanoTime();
        subscribers.forEach(Subscriber::close);
        subscribers.clear();
    }

    private StreamEvent.Metadata metadata(String model, Usage usage, String finishReason) {
        return new StreamEvent.Metadata(messageId, provider.name(), model, usage == null ? Usage.of(null, null) : usage,
                ttftMs(), millisSinceStart(endedNanos), finishReason);
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
    StepContext step() { return step; }
    synchronized ProviderFailure failure() { return failure; }
    synchronized boolean cancelled() { return finalStatus == MessageStatus.cancelled; }
    synchronized boolean finished() { return state == State.FINISHED; }
    synchronized long detachedSinceNanos() { return detachedSinceNanos; }
    synchronized long finishedNanos() { return finishedNanos; }
    synchronized int subscriberCount() { return subscribers.size(); }
}

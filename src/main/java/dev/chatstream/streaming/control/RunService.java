package dev.chatstream.streaming.control;

import dev.chatstream.knowledge.control.Grounding;
import dev.chatstream.knowledge.control.KnowledgeService;
import dev.chatstream.problems.control.Incidents;
import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.providers.control.ChatProvider;
import dev.chatstream.providers.control.Providers;
import dev.chatstream.providers.entity.FailureCode;
import dev.chatstream.providers.entity.ProviderFailure;
import dev.chatstream.security.control.Caller;
import dev.chatstream.shared.Ids;
import dev.chatstream.streaming.entity.StreamEvent;
import dev.chatstream.threads.control.Exchanges;
import dev.chatstream.threads.control.ThreadService;
import dev.chatstream.threads.entity.MessageStatus;
import dev.chatstream.workflows.control.WorkflowCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Starts, joins, replays and cancels runs: admits a send, commits the user's message, then
 * streams the provider's answer into the run's event log. {@link Outcomes} stores the end,
 * never on the provider's callback thread.
 */
@ApplicationScoped
public class RunService {

    private static final Logger LOG = Logger.getLogger(RunService.class.getName());
    /** What a 503 advises when the provider did not say how long to wait. */
    private static final long DEFAULT_RETRY_AFTER_SECONDS = 30;
    /** How long a retried send waits for the first send with its key to be admitted (one short transaction). */
    private static final long ADMISSION_WAIT_SECONDS = 30;
    /** How much of its title a thread made for one send keeps. */
    static final int NEW_THREAD_TITLE_CHARS = 80;
    /** What a send that must answer from sources hears when there are none (seed 000's words). */
    static final String NO_SOURCES = "No relevant information found for this question.";

    private final Exchanges exchanges;
    private final ThreadService threads;
    private final Providers providers;
    private final Prompts prompts;
    private final Runs runs;
    private final SendRateLimiter rateLimiter;
    private final KnowledgeService knowledge;
    private final WorkflowCatalog workflows;
    private final Outcomes outcomes;

    @Inject
    public RunService(Exchanges exchanges, ThreadService threads, Providers providers, Prompts prompts, Runs runs, SendRateLimiter rateLimiter,
                      KnowledgeService knowledge, WorkflowCatalog workflows, Outcomes outcomes) {
        this.exchanges = exchanges;
        this.threads = threads;
        this.providers = providers;
        this.prompts = prompts;
        this.runs = runs;
        this.rateLimiter = rateLimiter;
        this.knowledge = knowledge;
        this.workflows = workflows;
        this.outcomes = outcomes;
    }

    protected RunService() {
        this(null, null, null, null, null, null, null, null, null);
    }

    /**
     * Starts a run answering {@code content}, with {@code reader} as its first subscriber. A send
     * repeating an earlier one's {@code idempotencyKey} joins that send's run instead.
     */
    public Run send(Caller caller, String threadId, String content, String idempotencyKey, Subscriber reader) {
        return send(caller, threadId, content, idempotencyKey, SendOptions.DEFAULT, reader);
    }

    /** The same, answered as {@code options} ask (a provider unknown by name is a 400 before anything is stored). */
    public Run send(Caller caller, String threadId, String content, String idempotencyKey, SendOptions options,
                    Subscriber reader) {
        var key = idempotencyKey == null || idempotencyKey.isBlank() ? null : new Runs.SendKey(caller.owner(), threadId, idempotencyKey);
        return start(key, options, reader, () -> {
            exchanges.checkContent(content);
            rateLimiter.admit(caller.owner());
        }, runId -> exchanges.send(caller.owner(), threadId, content, runId), caller, true);
    }

    /** A send answered as a whole: the stored answer, or a problem with the contract's status. */
    public CompletionStage<SendResult> sendAndWait(Caller caller, String threadId, String content, String idempotencyKey) {
        return sendAndWait(caller, threadId, content, idempotencyKey, SendOptions.DEFAULT);
    }

    public CompletionStage<SendResult> sendAndWait(Caller caller, String threadId, String content, String idempotencyKey,
                                                   SendOptions options) {
        var collector = new ResultCollector();
        var run = send(caller, threadId, content, idempotencyKey, options, collector);
        // on the writer thread that delivered done: no task for the default executor, which checkpoints share
        return collector.done().thenApply(done -> {
            if (!done.success()) {
                throw failed(run, done, collector);
            }
            var answer = exchanges.stored(run.messageId());
            return new SendResult(answer.content(), answer, collector.userMessage());
        });
    }

    /**
     * A send on a new thread of the caller's titled {@code title}, for surfaces without threads of
     * their own (one input, one answer): stored, limited and measured like any send. A send
     * refused before anything was stored (too long, rate limited) takes the empty thread with it.
     */
    public Run sendInNewThread(Caller caller, String title, String content, SendOptions options, Subscriber reader) {
        return inNewThread(caller, title, options, thread -> send(caller, thread, content, null, options, reader));
    }

    /** The same, answered as a whole. */
    public CompletionStage<SendResult> sendInNewThreadAndWait(Caller caller, String title, String content, SendOptions options) {
        return inNewThread(caller, title, options, thread -> sendAndWait(caller, thread, content, null, options));
    }

    private <T> T inNewThread(Caller caller, String title, SendOptions options, Function<String, T> send) {
        providers.named(options.provider());
        String shortTitle = title.strip();
        if (shortTitle.codePointCount(0, shortTitle.length()) > NEW_THREAD_TITLE_CHARS) {
            shortTitle = shortTitle.substring(0, shortTitle.offsetByCodePoints(0, NEW_THREAD_TITLE_CHARS));
        }
        var thread = threads.create(caller.owner(), shortTitle, null, null);
        try {
            return send.apply(thread.id());
        } catch (RuntimeException refused) {
            threads.delete(caller.owner(), thread.id());
            throw refused;
        }
    }

    /** A new version of assistant message {@code messageId}, streamed like a send less message_saved. */
    public void regenerate(Caller caller, String threadId, String messageId, Subscriber reader) {
        start(null, SendOptions.DEFAULT, reader, () -> rateLimiter.admit(caller.owner()),
                runId -> exchanges.regenerate(caller.owner(), threadId, messageId, runId), caller, false);
    }

    /**
     * A reader (re)joining run {@code runId}: everything after {@code afterSeq}, then live. A run
     * no longer in memory is answered from its stored message.
     */
    public void join(Caller caller, String threadId, String runId, long afterSeq, Subscriber reader) {
        var run = callersRun(caller, threadId, runId);
        if (run.isPresent()) {
            run.get().subscribe(reader, afterSeq);
            return;
        }
        var answer = exchanges.writtenBy(caller.owner(), threadId, runId).orElseThrow(() -> ProblemException.notFound("Run"));
        Snapshot.of(runId, afterSeq, answer).forEach(reader::deliver);
        reader.close();
    }

    /** Stops run {@code runId} at once; it ends with done status cancelled. */
    public void cancel(Caller caller, String threadId, String runId) {
        var run = callersRun(caller, threadId, runId);
        if (run.isEmpty()) {
            exchanges.writtenBy(caller.owner(), threadId, runId).orElseThrow(() -> ProblemException.notFound("Run"));
            throw ProblemException.conflict("The run has already ended", Map.of("runId", runId));
        }
        if (!run.get().stop(MessageStatus.cancelled) && run.get().status() != MessageStatus.cancelled) {
            throw ProblemException.conflict("The run has already ended", Map.of("runId", runId));
        }
    }

    /** The run in memory if it is the caller's and on that thread; anyone else's is as good as missing. */
    private Optional<Run> callersRun(Caller caller, String threadId, String runId) {
        return runs.find(runId).filter(run -> run.threadId().equals(threadId) && run.owner().equals(caller.owner()));
    }

    /**
     * Admits a send and starts its run. A send carrying an Idempotency-Key claims the key first
     * (atomically), so a retry racing it joins its run instead of being admitted on its own.
     */
    private Run start(Runs.SendKey key, SendOptions options, Subscriber reader, Runnable checks,
                      Function<String, Exchanges.Admission> read, Caller caller, boolean announceQuestion) {
        if (key != null) {
            var earlier = runs.claim(key);
            if (earlier.isPresent()) {
                var run = joinClaimed(earlier.get());
                run.subscribe(reader, 0);
                return run;
            }
        }
        Run run;
        try {
            var provider = providers.named(options.provider());
            checks.run();
            run = admitted(caller, provider, options, read, announceQuestion, reader);
        } catch (RuntimeException e) {
            if (key != null) {
                runs.settle(key, null, e);
            }
            throw e;
        }
        if (key != null) {
            runs.settle(key, run, null);
        }
        return run;
    }

    /**
     * Reads the send, starts its answer and then commits its rows, so that the provider's first
     * token is on its way while the commit is; {@code reader} subscribes only once it is
     * committed, and gets everything from the start. A thread that changed meanwhile (another
     * send won it, a rename) has the run abandoned, its upstream cancelled, and the send read
     * again. Whatever fails in starting the answer ends the run {@code failed} with an
     * {@code internal} error once admitted, so the thread is freed and takes the next send.
     */
    private Run admitted(Caller caller, ChatProvider provider, SendOptions options, Function<String, Exchanges.Admission> read,
                         boolean announceQuestion, Subscriber reader) {
        long startedNanos = Ticker.SYSTEM.nanos();
        while (true) {
            var admission = read.apply(Ids.next());
            var begun = admission.begun();
            var run = new Run(admission.runId(), begun.thread().id(), begun.answerId(), caller.owner(), provider, outcomes::store,
                    Ticker.SYSTEM, startedNanos, runs.delivery());
            try {
                prepare(run, begun, caller, options, announceQuestion);
            } catch (RuntimeException e) {
                String incident = Incidents.log(LOG, "Run " + run.id() + " could not be started", e);
                run.onFailure(ProviderFailure.of(FailureCode.internal,
                        "The answer could not be started (incident " + incident + ")", true));
            }
            boolean committed;
            try {
                committed = exchanges.admit(admission);
            } catch (RuntimeException e) {
                run.abandon();
                throw e;
            }
            if (committed) {
                run.subscribe(reader, 0);
                runs.add(run);
                run.admitted();
                return run;
            }
            run.abandon();
        }
    }

    /** The run of an earlier send with the same key, once admitted; its failure is this send's too. */
    private static Run joinClaimed(CompletableFuture<Run> claim) {
        try {
            return claim.get(ADMISSION_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while joining an earlier send", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The earlier send with this Idempotency-Key was not admitted in time", e);
        }
    }

    /** Everything between reading the send and the first token: the opening events, retrieval, the prompt, the provider. */
    private void prepare(Run run, Exchanges.Begun begun, Caller caller, SendOptions options, boolean announceQuestion) {
        String question = begun.question().content();
        var thread = begun.thread();
        run.publish(new StreamEvent.Connected(thread.id(), run.id()));
        if (announceQuestion) {
            run.publish(new StreamEvent.MessageSaved(begun.question()));
        }
        var step = thread.workflowStep() == null ? null : workflows.find(thread.workflow())
                .filter(workflow -> thread.workflowStep() < workflow.steps().size())
                .map(workflow -> new StepContext(workflow, thread.workflowStep(), thread.stepAnswers()))
                .orElse(null);
        if (step != null) {
            run.publish(new StreamEvent.WorkflowStatus(thread.workflow(), step.index() == 0 ? "started" : "step", step.view(),
                    step.totalSteps()));
        }
        boolean retrieve = thread.collection() != null && (step == null || step.step().rag());
        Grounding grounding = null;
        if (retrieve) {
            run.publish(new StreamEvent.Status("Searching the knowledge base…"));
            grounding = new Grounding(knowledge.retrieve(caller, thread.collection(), question));
            var citations = grounding.citations();
            run.publish(new StreamEvent.Status(citations.isEmpty() ? "No relevant sources found"
                    : "Found " + citations.size() + (citations.size() == 1 ? " source" : " sources")));
            run.publish(new StreamEvent.Citations(begun.answerId(), citations));
            if (citations.isEmpty() && options.sourcesRequired()) {
                run.onFailure(ProviderFailure.of(FailureCode.no_sources, NO_SOURCES, false));
                return;
            }
        }
        run.answering(step, grounding);
        run.start(prompts.request(begun.history(), question, grounding, step, caller.profile(), options));
    }

    private static ProblemException failed(Run run, StreamEvent.Done done, ResultCollector collector) {
        var failure = run.failure();
        var extensions = new LinkedHashMap<String, Object>();
        extensions.put("code", failure == null ? done.status() : failure.code().name());
        extensions.put("messageId", run.messageId());
        if (collector.userMessage() != null) {
            extensions.put("userMessageId", collector.userMessage().id());
        }
        if (failure == null) {
            return new ProblemException(502, "The answer ended " + done.status(), null, extensions);
        }
        FailureCode code = failure.code();
        Long retryAfter = code.httpStatus() != 503 ? null
                : failure.retryAfterSeconds() != null ? failure.retryAfterSeconds() : DEFAULT_RETRY_AFTER_SECONDS;
        return new ProblemException(code.httpStatus(), failure.message(), retryAfter, extensions);
    }
}

package dev.chatstream.streaming.control;

import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.providers.control.Providers;
import dev.chatstream.providers.entity.FailureCode;
import dev.chatstream.security.control.Caller;
import dev.chatstream.streaming.entity.StreamEvent;
import dev.chatstream.threads.control.Exchanges;
import dev.chatstream.threads.entity.RunOutcome;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts runs: admits the send, commits the user's message, then streams the provider's answer
 * into the run's event log. Storing the outcome happens on the managed executor, never on the
 * provider's callback thread.
 */
@ApplicationScoped
public class RunService {

    private static final Logger LOG = Logger.getLogger(RunService.class.getName());
    /** What a 503 advises when the provider did not say how long to wait. */
    private static final long DEFAULT_RETRY_AFTER_SECONDS = 30;

    @Inject
    Exchanges exchanges;
    @Inject
    Providers providers;
    @Inject
    Prompts prompts;
    @Inject
    Runs runs;
    @Inject
    SendRateLimiter rateLimiter;
    @Resource
    ManagedExecutorService executor;

    /** Starts a run answering {@code content}, with {@code reader} as its first subscriber. */
    public Run send(Caller caller, String threadId, String content, Subscriber reader) {
        exchanges.checkContent(content);
        rateLimiter.admit(caller.owner());
        String runId = UUID.randomUUID().toString();
        var begun = exchanges.begin(caller.owner(), threadId, content, runId);
        var run = new Run(runId, begun.thread().id(), begun.answerId(), caller.owner(), providers.current(), this::store);
        runs.add(run);
        run.subscribe(reader, 0);
        run.publish(new StreamEvent.Connected(begun.thread().id(), runId));
        run.publish(new StreamEvent.MessageSaved(begun.userMessage()));
        run.start(prompts.request(begun.history(), content));
        return run;
    }

    /** The same send, answered as a whole: the stored answer, or a problem with the contract's status. */
    public CompletionStage<SendResult> sendAndWait(Caller caller, String threadId, String content) {
        var collector = new ResultCollector();
        var run = send(caller, threadId, content, collector);
        return collector.done().thenApplyAsync(done -> {
            var answer = exchanges.stored(run.messageId());
            if (!done.success()) {
                throw failed(run, done, collector);
            }
            return new SendResult(answer.content(), answer, collector.userMessage());
        }, executor);
    }

    private static ProblemException failed(Run run, StreamEvent.Done done, ResultCollector collector) {
        var failure = run.failure();
        var extensions = new LinkedHashMap<String, Object>();
        extensions.put("code", failure == null ? done.status() : failure.code().name());
        extensions.put("messageId", run.messageId());
        extensions.put("userMessageId", collector.userMessage().id());
        if (failure == null) {
            return new ProblemException(502, "The answer ended " + done.status(), null, extensions);
        }
        FailureCode code = failure.code();
        Long retryAfter = code.httpStatus() != 503 ? null
                : failure.retryAfterSeconds() != null ? failure.retryAfterSeconds() : DEFAULT_RETRY_AFTER_SECONDS;
        return new ProblemException(code.httpStatus(), failure.message(), retryAfter, extensions);
    }

    private void store(Run run, RunOutcome outcome) {
        executor.execute(() -> {
            try {
                exchanges.finish(run.threadId(), run.id(), run.messageId(), outcome);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Could not store the answer of run " + run.id()
                        + "; it will show as interrupted after a restart", e);
            } finally {
                run.close();
            }
        });
    }
}

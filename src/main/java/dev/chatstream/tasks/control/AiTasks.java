package dev.chatstream.tasks.control;

import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.security.control.Caller;
import dev.chatstream.shared.Usage;
import dev.chatstream.streaming.control.RunService;
import dev.chatstream.streaming.control.SendOptions;
import dev.chatstream.streaming.control.SseDialect;
import dev.chatstream.streaming.control.SseSubscriber;
import dev.chatstream.tasks.entity.TaskAnswer;
import dev.chatstream.tasks.entity.TaskDefinition;
import dev.chatstream.tasks.entity.TaskRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.SseEventSink;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An AI task on an issue, run through the primary pipeline on a thread of its own (stored,
 * limited, measured, cancelled on disconnect), answered with the task's instructions and
 * validated against its tail's rules. Every answer is kept; the same request within an hour is
 * answered from there without calling the provider, unless it asks to regenerate.
 */
@ApplicationScoped
public class AiTasks {

    private static final Logger LOG = Logger.getLogger(AiTasks.class.getName());
    static final int MAX_ID_CHARS = 200;
    static final int MAX_LABEL_CHARS = 40;
    static final String DEFAULT_TYPE = "STORY";

    /** A checked request and what it becomes: the send's content and options, and the key it is kept under. */
    private record Prepared(TaskDefinition task, TaskRequest issue, String content, SendOptions options, String key) {
        String title() {
            return task.title() + " · " + issue.issueId();
        }
    }

    private final TaskCatalog catalog;
    private final TaskResults results;
    private final RunService runs;

    @Inject
    public AiTasks(TaskCatalog catalog, TaskResults results, RunService runs) {
        this.catalog = catalog;
        this.results = results;
        this.runs = runs;
    }

    protected AiTasks() {
        this(null, null, null);
    }

    /** Streams the answer in the seeds' frames, or the kept one at once. */
    public void stream(Caller caller, String taskName, TaskRequest request, SseEventSink sink) {
        var prepared = prepare(catalog.get(taskName), request);
        var kept = regenerate(request) ? null : results.fresh(caller.owner(), prepared.key()).orElse(null);
        if (kept != null) {
            var frames = new ArrayList<>(List.of(TaskDialect.textFrame(kept.text())));
            frames.addAll(TaskDialect.closing(kept));
            new SseSubscriber(sink).replyWhole(SseDialect.dataFrames(frames));
            return;
        }
        var dialect = new TaskDialect(prepared.task(), answer -> keep(caller, prepared, answer));
        runs.sendInNewThread(caller, prepared.title(), prepared.content(), prepared.options(), new SseSubscriber(sink, dialect));
    }

    /** The whole answer, kept or new; provider failures are the primary API's 502/503/504 problems. */
    public CompletionStage<TaskAnswer> answer(Caller caller, String taskName, TaskRequest request) {
        var prepared = prepare(catalog.get(taskName), request);
        var kept = regenerate(request) ? null : results.fresh(caller.owner(), prepared.key()).orElse(null);
        if (kept != null) {
            return CompletableFuture.completedFuture(kept);
        }
        return runs.sendInNewThreadAndWait(caller, prepared.title(), prepared.content(), prepared.options()).thenApply(result -> {
            var metadata = result.message().metadata();
            Usage usage = metadata == null ? null : metadata.usage();
            var answer = TaskAnswers.of(prepared.task(), result.message().content(), metadata == null ? null : metadata.model(),
                    usage == null ? null : usage.totalTokens(), Instant.now());
            keep(caller, prepared, answer);
            return answer;
        });
    }

    /** Kept after the answer went out: a store that fails costs the cache, never the answer. */
    private void keep(Caller caller, Prepared prepared, TaskAnswer answer) {
        try {
            results.keep(caller.owner(), prepared.issue().issueId(), prepared.task().name(), prepared.key(), answer);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not keep the answer of " + prepared.task().name() + " for an issue", e);
        }
    }

    private static boolean regenerate(TaskRequest request) {
        return Boolean.TRUE.equals(request.regenerate());
    }

    private static Prepared prepare(TaskDefinition task, TaskRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("The body must be {issueId, issueType, currentDescription, priority?}");
        }
        String issueId = required(request.issueId(), "issueId", MAX_ID_CHARS);
        if (request.currentDescription() == null || request.currentDescription().isBlank()) {
            throw ProblemException.badRequest("currentDescription must not be blank");
        }
        String type = request.issueType() == null || request.issueType().isBlank() ? DEFAULT_TYPE
                : required(request.issueType(), "issueType", MAX_LABEL_CHARS).toUpperCase(Locale.ROOT);
        String priority = request.priority() == null || request.priority().isBlank() ? null
                : required(request.priority(), "priority", MAX_LABEL_CHARS).toUpperCase(Locale.ROOT);
        var issue = new TaskRequest(issueId, type, request.currentDescription().strip(), priority, request.regenerate(),
                request.provider());
        String content = "Issue: " + issueId + "\nType: " + type + (priority == null ? "" : "\nPriority: " + priority)
                + "\n\nDescription:\n" + issue.currentDescription();
        var options = new SendOptions(request.provider(), false, task.instructions(), OfflineTasks.answer(task.name(), issue));
        String provider = request.provider() == null ? "" : request.provider().strip().toLowerCase(Locale.ROOT);
        return new Prepared(task, issue, content, options, digest(task.name() + "\n" + provider + "\n" + content));
    }

    private static String required(String value, String name, int maxChars) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest(name + " must not be blank");
        }
        if (value.length() > maxChars) {
            throw ProblemException.badRequest(name + " must be at most " + maxChars + " characters");
        }
        return value.strip();
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

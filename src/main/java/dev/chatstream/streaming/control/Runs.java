package dev.chatstream.streaming.control;

import dev.chatstream.shared.Owner;
import dev.chatstream.threads.control.Exchanges;
import dev.chatstream.threads.entity.MessageStatus;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The runs in memory, live and recently finished, and one watchdog over all of them (not a timer
 * per run): it pings readers, fails runs whose provider went silent, stops runs nobody reads,
 * checkpoints the text of all of them (a few hundred a transaction), and forgets finished runs after their
 * retention. It also owns the writer threads every reader's outbox drains on.
 */
@ApplicationScoped
public class Runs {

    private static final Logger LOG = Logger.getLogger(Runs.class.getName());
    private static final long TICK_MILLIS = 250;

    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    /**
     * Sends that carried an Idempotency-Key, by (owner, thread, key), for as long as their run is
     * kept. The first send claims the key with an empty future (an atomic put-if-absent), so a
     * retry racing it waits for that run instead of being admitted on its own.
     */
    private final Map<SendKey, CompletableFuture<Run>> byKey = new ConcurrentHashMap<>();

    @Resource
    ManagedScheduledExecutorService scheduler;
    @Resource
    ManagedExecutorService executor;
    @Resource
    ManagedThreadFactory threadFactory;
    private final Exchanges exchanges;
    private final long idleTimeoutSeconds;
    private final long detachGraceSeconds;
    private final long retentionSeconds;
    private final long pingSeconds;
    private final long checkpointSeconds;
    private final int writerThreads;
    private final long maxLagFrames;

    @Inject
    public Runs(Exchanges exchanges,
                @ConfigProperty(name = "CHAT_UPSTREAM_IDLE_TIMEOUT_SECONDS") long idleTimeoutSeconds,
                @ConfigProperty(name = "CHAT_RUN_DETACH_GRACE_SECONDS") long detachGraceSeconds,
                @ConfigProperty(name = "CHAT_RUN_RETENTION_SECONDS") long retentionSeconds,
                @ConfigProperty(name = "CHAT_STREAM_PING_SECONDS") long pingSeconds,
                @ConfigProperty(name = "CHAT_RUN_CHECKPOINT_SECONDS") long checkpointSeconds,
                @ConfigProperty(name = "CHAT_STREAM_WRITER_THREADS") int writerThreads,
                @ConfigProperty(name = "CHAT_STREAM_MAX_LAG_FRAMES") long maxLagFrames) {
        this.exchanges = exchanges;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        this.detachGraceSeconds = detachGraceSeconds;
        this.retentionSeconds = retentionSeconds;
        this.pingSeconds = pingSeconds;
        this.checkpointSeconds = checkpointSeconds;
        this.writerThreads = writerThreads;
        this.maxLagFrames = maxLagFrames;
    }

    protected Runs() {
        this(null, 0, 0, 0, 0, 0, 0, 0);
    }

    private ScheduledFuture<?> watchdog;
    private WriterThreads writers;
    private long lastPingNanos = System.nanoTime();
    private long lastCheckpointNanos = System.nanoTime();
    /**
     * A checkpoint is being written. The next one waits for it: with thousands of streams one can
     * outlast the interval, and two at once lock the same answers (seen at 19,000 streams: the
     * second timed out on H2's locks and its texts were not saved).
     */
    private final AtomicBoolean checkpointing = new AtomicBoolean();
    /** Answers a checkpoint transaction holds at most. */
    static final int CHECKPOINT_BATCH = 256;

    record SendKey(Owner owner, String threadId, String key) {
    }

    @PostConstruct
    void start() {
        writers = new WriterThreads(writerThreads, threadFactory);
        watchdog = scheduler.scheduleWithFixedDelay(this::watch, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        watchdog.cancel(false);
        runs.values().forEach(run -> run.stop(MessageStatus.interrupted));
        writers.shutdown();
    }

    Readers.Settings delivery() {
        return new Readers.Settings(writers, maxLagFrames);
    }

    void add(Run run) {
        runs.put(run.id(), run);
    }

    Optional<Run> find(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    /**
     * Claims {@code key} for a new send: empty when this caller is first (it must then
     * {@link #settle} the claim), else the earlier send's run, once that one is admitted.
     */
    Optional<CompletableFuture<Run>> claim(SendKey key) {
        return Optional.ofNullable(byKey.putIfAbsent(key, new CompletableFuture<>()));
    }

    /** The claim's send was admitted as {@code run}, or failed with {@code failure} (then the key is free again). */
    void settle(SendKey key, Run run, RuntimeException failure) {
        var claim = byKey.get(key);
        if (failure != null) {
            byKey.remove(key, claim);
            claim.completeExceptionally(failure);
        } else {
            claim.complete(run);
        }
    }

    /** Runs not yet finished: generating, or storing their outcome. */
    public long active() {
        return runs.values().stream().filter(run -> !run.finished()).count();
    }

    /** Readers attached to runs not yet finished. */
    public long subscribers() {
        return runs.values().stream().mapToLong(Run::subscriberCount).sum();
    }

    void watch() {
        long now = System.nanoTime();
        boolean pingDue = due(now, lastPingNanos, pingSeconds);
        boolean checkpointDue = !checkpointing.get() && due(now, lastCheckpointNanos, checkpointSeconds);
        lastPingNanos = pingDue ? now : lastPingNanos;
        lastCheckpointNanos = checkpointDue ? now : lastCheckpointNanos;
        long idleTimeout = TimeUnit.SECONDS.toNanos(idleTimeoutSeconds);
        long grace = TimeUnit.SECONDS.toNanos(detachGraceSeconds);
        long retention = TimeUnit.SECONDS.toNanos(retentionSeconds);
        var checkpointed = new TreeMap<String, Run>();
        var expired = new HashSet<Run>();
        runs.values().removeIf(run -> {
            if (run.finished()) {
                return now - run.finishedNanos() > retention && expired.add(run);
            }
            if (pingDue) {
                run.ping();
            }
            if (checkpointDue) {
                checkpointed.put(run.messageId(), run);
            }
            run.checkIdle(idleTimeout);
            if (run.detachedLongerThan(grace)) {
                run.stop(MessageStatus.interrupted);
            }
            return false;
        });
        if (!expired.isEmpty()) {
            // one pass over the keys for all runs expiring in this tick, not one per run
            byKey.values().removeIf(claim -> !claim.isCompletedExceptionally() && expired.contains(claim.getNow(null)));
        }
        var batches = checkpointBatches(checkpointed);
        if (!batches.isEmpty()) {
            checkpoint(batches);
        }
    }

    /** Texts written in one transaction, and the runs they came from. */
    private record CheckpointBatch(Map<String, String> textByAnswer, List<Run> runs) {
    }

    /**
     * The texts to write, in answer id order (the order outcomes lock their rows in, so that the
     * two never deadlock), {@link #CHECKPOINT_BATCH} answers a transaction: an outcome then waits
     * for the locks of one batch, not of every answer running.
     */
    private static List<CheckpointBatch> checkpointBatches(TreeMap<String, Run> runsByAnswer) {
        var batches = new ArrayList<CheckpointBatch>();
        CheckpointBatch batch = null;
        for (Run run : runsByAnswer.values()) {
            String text = run.textToCheckpoint();
            if (text != null) {
                if (batch == null || batch.runs().size() == CHECKPOINT_BATCH) {
                    batch = new CheckpointBatch(new LinkedHashMap<>(), new ArrayList<>());
                    batches.add(batch);
                }
                batch.textByAnswer().put(run.messageId(), text);
                batch.runs().add(run);
            }
        }
        return batches;
    }

    private void checkpoint(List<CheckpointBatch> batches) {
        checkpointing.set(true);
        try {
            executor.execute(() -> {
                try {
                    batches.forEach(this::checkpoint);
                } finally {
                    checkpointing.set(false);
                }
            });
        } catch (RuntimeException rejected) {
            batches.forEach(batch -> batch.runs().forEach(Run::checkpointFailed));
            checkpointing.set(false);
            throw rejected;
        }
    }

    private void checkpoint(CheckpointBatch batch) {
        try {
            exchanges.checkpoint(batch.textByAnswer());
        } catch (RuntimeException e) {
            // a run whose text stops growing would otherwise never be written again
            batch.runs().forEach(Run::checkpointFailed);
            LOG.log(Level.WARNING, "Checkpoint of " + batch.runs().size() + " answers failed; written again at the next one", e);
        }
    }

    private static boolean due(long now, long last, long intervalSeconds) {
        return now - last >= TimeUnit.SECONDS.toNanos(intervalSeconds);
    }
}

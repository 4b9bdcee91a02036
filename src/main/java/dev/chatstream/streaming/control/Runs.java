package dev.chatstream.streaming.control;

import dev.chatstream.threads.control.Exchanges;
import dev.chatstream.threads.entity.MessageStatus;
import dev.chatstream.threads.entity.Owner;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The runs in memory, live and recently finished, and one watchdog over all of them (not a timer
 * per run): it pings readers, fails runs whose provider went silent, stops runs nobody reads,
 * checkpoints the text of all of them in one transaction, and forgets finished runs after their
 * retention.
 */
@ApplicationScoped
public class Runs {

    private static final long TICK_MILLIS = 250;

    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    /** Sends that carried an Idempotency-Key, by (owner, thread, key), for as long as their run is kept. */
    private final Map<SendKey, Run> byKey = new ConcurrentHashMap<>();

    @Resource
    ManagedScheduledExecutorService scheduler;
    @Resource
    ManagedExecutorService executor;
    private final Exchanges exchanges;
    private final long idleTimeoutSeconds;
    private final long detachGraceSeconds;
    private final long retentionSeconds;
    private final long pingSeconds;
    private final long checkpointSeconds;

    @Inject
    public Runs(Exchanges exchanges,
                @ConfigProperty(name = "CHAT_UPSTREAM_IDLE_TIMEOUT_SECONDS") long idleTimeoutSeconds,
                @ConfigProperty(name = "CHAT_RUN_DETACH_GRACE_SECONDS") long detachGraceSeconds,
                @ConfigProperty(name = "CHAT_RUN_RETENTION_SECONDS") long retentionSeconds,
                @ConfigProperty(name = "CHAT_STREAM_PING_SECONDS") long pingSeconds,
                @ConfigProperty(name = "CHAT_RUN_CHECKPOINT_SECONDS") long checkpointSeconds) {
        this.exchanges = exchanges;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        this.detachGraceSeconds = detachGraceSeconds;
        this.retentionSeconds = retentionSeconds;
        this.pingSeconds = pingSeconds;
        this.checkpointSeconds = checkpointSeconds;
    }

    protected Runs() {
        this(null, 0, 0, 0, 0, 0);
    }

    private ScheduledFuture<?> watchdog;
    private long lastPingNanos = System.nanoTime();
    private long lastCheckpointNanos = System.nanoTime();

    record SendKey(Owner owner, String threadId, String key) {
    }

    @PostConstruct
    void startWatchdog() {
        watchdog = scheduler.scheduleWithFixedDelay(this::watch, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stopWatchdog() {
        watchdog.cancel(false);
        runs.values().forEach(run -> run.stop(MessageStatus.interrupted));
    }

    void add(Run run, SendKey key) {
        runs.put(run.id(), run);
        if (key != null) {
            byKey.put(key, run);
        }
    }

    Optional<Run> find(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    Optional<Run> find(SendKey key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** Runs not yet finished: generating, or storing their outcome. */
    public long active() {
        return runs.values().stream().filter(run -> !run.finished()).count();
    }

    /** Readers attached to runs not yet finished. */
    public long subscribers() {
        return runs.values().stream().mapToLong(Run::subscriberCount).sum();
    }

    private void watch() {
        long now = System.nanoTime();
        boolean pingDue = due(now, lastPingNanos, pingSeconds);
        boolean checkpointDue = due(now, lastCheckpointNanos, checkpointSeconds);
        lastPingNanos = pingDue ? now : lastPingNanos;
        lastCheckpointNanos = checkpointDue ? now : lastCheckpointNanos;
        long idleTimeout = TimeUnit.SECONDS.toNanos(idleTimeoutSeconds);
        long grace = TimeUnit.SECONDS.toNanos(detachGraceSeconds);
        long retention = TimeUnit.SECONDS.toNanos(retentionSeconds);
        var checkpoints = new HashMap<String, String>();
        runs.values().removeIf(run -> {
            if (run.finished()) {
                boolean expired = now - run.finishedNanos() > retention;
                if (expired) {
                    byKey.values().remove(run);
                }
                return expired;
            }
            if (pingDue) {
                run.ping();
            }
            String text = checkpointDue ? run.textToCheckpoint() : null;
            if (text != null) {
                checkpoints.put(run.messageId(), text);
            }
            run.checkIdle(idleTimeout, now);
            long detachedSince = run.detachedSinceNanos();
            if (detachedSince != 0 && now - detachedSince > grace) {
                run.stop(MessageStatus.interrupted);
            }
            return false;
        });
        if (!checkpoints.isEmpty()) {
            executor.execute(() -> exchanges.checkpoint(checkpoints));
        }
    }

    private static boolean due(long now, long last, long intervalSeconds) {
        return now - last >= TimeUnit.SECONDS.toNanos(intervalSeconds);
    }
}

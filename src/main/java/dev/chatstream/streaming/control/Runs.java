package dev.chatstream.streaming.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import dev.chatstream.threads.entity.MessageStatus;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The live runs, and one watchdog over all of them (not a timer per run): it pings readers, fails
 * runs whose provider went silent, stops runs nobody reads, and forgets finished runs after their
 * retention.
 */
@ApplicationScoped
public class Runs {

    private static final long TICK_MILLIS = 250;

    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    @Resource
    ManagedScheduledExecutorService scheduler;
    @Inject
    @ConfigProperty(name = "CHAT_UPSTREAM_IDLE_TIMEOUT_SECONDS")
    long idleTimeoutSeconds;
    @Inject
    @ConfigProperty(name = "CHAT_RUN_DETACH_GRACE_SECONDS")
    long detachGraceSeconds;
    @Inject
    @ConfigProperty(name = "CHAT_RUN_RETENTION_SECONDS")
    long retentionSeconds;
    @Inject
    @ConfigProperty(name = "CHAT_STREAM_PING_SECONDS")
    long pingSeconds;

    private ScheduledFuture<?> watchdog;
    private long lastPingNanos = System.nanoTime();

    @PostConstruct
    void startWatchdog() {
        watchdog = scheduler.scheduleWithFixedDelay(this::watch, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stopWatchdog() {
        watchdog.cancel(false);
        runs.values().forEach(run -> run.stop(MessageStatus.interrupted));
    }

    void add(Run run) {
        runs.put(run.id(), run);
    }

    public Optional<Run> find(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    /** Runs not yet finished: the ones a provider is generating or whose outcome is being stored. */
    public long active() {
        return runs.values().stream().filter(run -> !run.finished()).count();
    }

    private void watch() {
        long now = System.nanoTime();
        boolean pingDue = now - lastPingNanos >= TimeUnit.SECONDS.toNanos(pingSeconds);
        if (pingDue) {
            lastPingNanos = now;
        }
        long idleTimeout = TimeUnit.SECONDS.toNanos(idleTimeoutSeconds);
        long grace = TimeUnit.SECONDS.toNanos(detachGraceSeconds);
        long retention = TimeUnit.SECONDS.toNanos(retentionSeconds);
        runs.values().removeIf(run -> {
            if (run.finished()) {
                return now - run.finishedNanos() > retention;
            }
            if (pingDue) {
                run.ping();
            }
            run.checkIdle(idleTimeout, now);
            long detachedSince = run.detachedSinceNanos();
            if (detachedSince != 0 && now - detachedSince > grace) {
                run.stop(MessageStatus.interrupted);
            }
            return false;
        });
    }
}

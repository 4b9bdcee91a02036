package dev.chatstream.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether the application serves requests yet. The slow part of starting (the database and its
 * migrations, the embedding model, the search index, the sample knowledge) runs as observers of
 * {@link Starting} on a managed thread, not on the server's deployment thread, so that the web
 * application is up at once and answers 503 until then, never an empty 500. "Ready" (the printed
 * line, /health/ready) waits for that work and for the last servlet, JAX-RS's included.
 */
@ApplicationScoped
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class.getName());
    private static final long RETRY_SECONDS = 5;

    /**
     * Observed by whatever must be ready before the first request, in the order of their
     * {@code @Priority(ORDER + n)}: the database, the embedding model, the search index (rebuilt
     * before anything new is ingested), then recovery after a crash, then the sample knowledge.
     */
    public record Starting() {
    }

    /** Where start-up observers count their priorities from. */
    public static final int ORDER = 1000;

    /** Fired once, when requests are served. */
    public record Serving() {
    }

    @Resource
    ManagedScheduledExecutorService scheduler;
    private final Event<Starting> starting;
    private final Event<Serving> serving;
    private boolean warm;
    private boolean servletsUp;
    private volatile boolean started;

    @Inject
    public Startup(Event<Starting> starting, Event<Serving> serving) {
        this.starting = starting;
        this.serving = serving;
    }

    protected Startup() {
        this(null, null);
    }

    void onInit(@Observes @Initialized(ApplicationScoped.class) Object event) {
        scheduler.execute(this::warmUp);
    }

    /** Runs the start-up work; a failure (a database not there yet) is logged and tried again. */
    private void warmUp() {
        try {
            starting.fire(new Starting());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Starting failed; trying again in " + RETRY_SECONDS + " s", e);
            scheduler.schedule(this::warmUp, RETRY_SECONDS, TimeUnit.SECONDS);
            return;
        }
        synchronized (this) {
            warm = true;
        }
        serveIfReady();
    }

    public boolean serving() {
        return started;
    }

    /** Every servlet, JAX-RS's included, is initialised. */
    public void servletsStarted() {
        synchronized (this) {
            servletsUp = true;
        }
        serveIfReady();
    }

    private void serveIfReady() {
        synchronized (this) {
            if (!warm || !servletsUp || started) {
                return;
            }
            started = true;
        }
        serving.fire(new Serving());
    }
}

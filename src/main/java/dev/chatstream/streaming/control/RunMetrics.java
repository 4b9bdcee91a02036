package dev.chatstream.streaming.control;

import dev.chatstream.platform.Startup;
import dev.chatstream.providers.control.UpstreamHttp;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.annotation.Gauge;

/**
 * What is live right now, on /metrics: after every reader has gone, all three return to zero.
 * MicroProfile Metrics (Payara) reads the annotated methods; {@link MicrometerGauges} registers
 * the same gauges where the server has Micrometer instead (WildFly).
 */
@ApplicationScoped
public class RunMetrics {

    static final String ACTIVE_RUNS = "chatstream_runs_active";
    static final String ACTIVE_RUNS_HELP = "Runs generating or storing their outcome";
    static final String SUBSCRIBERS = "chatstream_run_subscribers";
    static final String SUBSCRIBERS_HELP = "Readers attached to active runs";
    static final String UPSTREAM_CONNECTIONS = "chatstream_upstream_connections";
    static final String UPSTREAM_CONNECTIONS_HELP = "Provider requests whose response is still being read";

    private final Runs runs;
    private final UpstreamHttp upstream;

    @Inject
    public RunMetrics(Runs runs, UpstreamHttp upstream) {
        this.runs = runs;
        this.upstream = upstream;
    }

    protected RunMetrics() {
        this(null, null);
    }

    /** Registers the gauges when the application starts, not on first use. */
    void onStart(@Observes @Priority(Startup.ORDER + 600) Startup.Starting event) {
        runs.active();
    }

    @Gauge(name = ACTIVE_RUNS, unit = MetricUnits.NONE, absolute = true, description = ACTIVE_RUNS_HELP)
    public long activeRuns() {
        return runs.active();
    }

    @Gauge(name = SUBSCRIBERS, unit = MetricUnits.NONE, absolute = true, description = SUBSCRIBERS_HELP)
    public long subscribers() {
        return runs.subscribers();
    }

    @Gauge(name = UPSTREAM_CONNECTIONS, unit = MetricUnits.NONE, absolute = true, description = UPSTREAM_CONNECTIONS_HELP)
    public long upstreamConnections() {
        return upstream.openConnections();
    }
}

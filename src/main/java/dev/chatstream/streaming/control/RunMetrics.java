package dev.chatstream.streaming.control;

import dev.chatstream.platform.Startup;
import dev.chatstream.providers.control.UpstreamHttp;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.annotation.Gauge;

/** What is live right now, on /metrics: after every reader has gone, all three return to zero. */
@ApplicationScoped
public class RunMetrics {

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

    @Gauge(name = "chatstream_runs_active", unit = MetricUnits.NONE, absolute = true,
            description = "Runs generating or storing their outcome")
    public long activeRuns() {
        return runs.active();
    }

    @Gauge(name = "chatstream_run_subscribers", unit = MetricUnits.NONE, absolute = true,
            description = "Readers attached to active runs")
    public long subscribers() {
        return runs.subscribers();
    }

    @Gauge(name = "chatstream_upstream_connections", unit = MetricUnits.NONE, absolute = true,
            description = "Provider requests whose response is still being read")
    public long upstreamConnections() {
        return upstream.openConnections();
    }
}

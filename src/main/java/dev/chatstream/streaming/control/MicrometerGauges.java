package dev.chatstream.streaming.control;

import dev.chatstream.platform.Startup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.ToDoubleFunction;

/**
 * {@link RunMetrics}' gauges, under the same names, in the server's Micrometer registry (WildFly's
 * micrometer subsystem). beans.xml keeps this bean out where Micrometer is absent (Payara).
 */
@ApplicationScoped
public class MicrometerGauges {

    private final MeterRegistry registry;
    private final RunMetrics metrics;

    @Inject
    public MicrometerGauges(MeterRegistry registry, RunMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    protected MicrometerGauges() {
        this(null, null);
    }

    void onStart(@Observes @Priority(Startup.ORDER + 600) Startup.Starting event) {
        register(RunMetrics.ACTIVE_RUNS, RunMetrics::activeRuns);
        register(RunMetrics.SUBSCRIBERS, RunMetrics::subscribers);
        register(RunMetrics.UPSTREAM_CONNECTIONS, RunMetrics::upstreamConnections);
    }

    /**
     * Through the registry's own {@code gauge} method: WildFly's per-deployment registry wraps the
     * server's and publishes only what goes through its public methods ({@code Gauge.builder}
     * would register into the wrapper itself, where nothing reads it). The gauge holds
     * {@code metrics} weakly; this application-scoped bean holds it for the application's life.
     */
    private void register(String name, ToDoubleFunction<RunMetrics> value) {
        registry.gauge(name, Tags.empty(), metrics, value);
    }
}

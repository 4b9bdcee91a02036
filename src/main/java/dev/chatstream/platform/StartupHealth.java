package dev.chatstream.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** /health/ready is down until requests are served. */
@Readiness
@ApplicationScoped
public class StartupHealth implements HealthCheck {

    private final Startup startup;

    @Inject
    public StartupHealth(Startup startup) {
        this.startup = startup;
    }

    protected StartupHealth() {
        this(null);
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("serving").status(startup.serving()).build();
    }
}

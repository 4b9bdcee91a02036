package dev.chatstream.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/** /health/ready is up once requests are served and while the database answers. */
@org.eclipse.microprofile.health.Readiness
@ApplicationScoped
public class Readiness implements HealthCheck {

    private final Database database;
    private final Startup startup;

    @Inject
    public Readiness(Database database, Startup startup) {
        this.database = database;
        this.startup = startup;
    }

    protected Readiness() {
        this(null, null);
    }

    @Override
    public HealthCheckResponse call() {
        boolean serving = startup.serving();
        // before start-up is done the database may not be opened yet: do not open it from here
        boolean answers = serving && database.answers();
        return HealthCheckResponse.named("ready").status(serving && answers)
                .withData("serving", serving).withData("database", answers).build();
    }
}

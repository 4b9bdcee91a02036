package dev.chatstream.streaming.control;

import dev.chatstream.platform.Startup;
import dev.chatstream.threads.control.Exchanges;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Logger;

/** At start, no run is alive: answers a crash left streaming become interrupted, their threads free. */
@ApplicationScoped
public class CrashRecovery {

    private static final Logger LOG = Logger.getLogger(CrashRecovery.class.getName());

    void onStart(@Observes @Priority(Startup.ORDER + 500) Startup.Starting event, Exchanges exchanges) {
        int interrupted = exchanges.recoverInterrupted();
        if (interrupted > 0) {
            LOG.warning(() -> interrupted + " answers were cut off by a stop and are marked interrupted");
        }
    }
}

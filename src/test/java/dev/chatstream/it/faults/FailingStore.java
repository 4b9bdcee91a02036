package dev.chatstream.it.faults;

import dev.chatstream.platform.Database;
import dev.chatstream.threads.control.Exchanges;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Storing an answer whose text carries {@code inject:store:N} fails N times, then works (a database back after a blip). */
@Alternative
@Priority(1000)
@ApplicationScoped
public class FailingStore extends Exchanges {

    private static final Pattern MARKER = Pattern.compile("inject:store:(\\d+)");
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    @Inject
    public FailingStore(Database database, @ConfigProperty(name = "CHAT_MAX_CONTENT_CHARS") int maxContentChars) {
        super(database, maxContentChars);
    }

    protected FailingStore() {
        this(null, 0);
    }

    /** The whole batch fails while one of its answers is marked to fail, as one transaction would. */
    @Override
    public List<WorkflowProgress> finish(List<Ending> endings) {
        for (var ending : endings) {
            var marker = MARKER.matcher(ending.outcome().content());
            if (marker.find() && failures.computeIfAbsent(ending.answerId(), id -> new AtomicInteger())
                    .incrementAndGet() <= Integer.parseInt(marker.group(1))) {
                throw new IllegalStateException("injected: the database is away");
            }
        }
        return super.finish(endings);
    }
}

package dev.chatstream.it.faults;

import dev.chatstream.platform.Database;
import dev.chatstream.shared.Owner;
import dev.chatstream.threads.control.Exchanges;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Storing an answer whose text carries {@code inject:store:N} fails N times, then works (a database
 * back after a blip). Committing a send whose question carries {@code inject:admission} fails,
 * after its provider request has started. A send whose question carries {@code inject:hold-checkpoint} has its first
 * checkpoint written and then held, keeping the thread it runs on (Payara's default managed
 * executor) busy until the run ends: what a slow database does to whatever shares that executor.
 */
@Alternative
@Priority(1000)
@ApplicationScoped
public class FailingStore extends Exchanges {

    private static final Pattern MARKER = Pattern.compile("inject:store:(\\d+)");
    private static final String HOLD = "inject:hold-checkpoint";
    private static final String ADMISSION = "inject:admission";
    /** How long a held checkpoint waits at most, so that a broken test cannot wedge the server. */
    private static final long HOLD_SECONDS = 90;
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();

    @Inject
    public FailingStore(Database database, @ConfigProperty(name = "CHAT_MAX_CONTENT_CHARS") int maxContentChars) {
        super(database, maxContentChars);
    }

    protected FailingStore() {
        this(null, 0);
    }

    @Override
    public Admission send(Owner owner, String threadId, String content, String runId) {
        var admission = super.send(owner, threadId, content, runId);
        if (content.contains(HOLD)) {
            held.put(admission.begun().answerId(), new CountDownLatch(1));
        }
        return admission;
    }

    @Override
    public boolean admit(Admission admission) {
        if (admission.begun().question().content().contains(ADMISSION)) {
            throw new IllegalStateException("injected: the database is away");
        }
        return super.admit(admission);
    }

    @Override
    public void checkpoint(Map<String, String> textByAnswer) {
        super.checkpoint(textByAnswer);
        for (String answer : textByAnswer.keySet()) {
            var release = held.get(answer);
            if (release != null) {
                try {
                    release.await(HOLD_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The whole batch fails while one of its answers is marked to fail, as one transaction would. */
    @Override
    public List<WorkflowProgress> finish(List<Ending> endings) {
        endings.forEach(ending -> {
            var release = held.remove(ending.answerId());
            if (release != null) {
                release.countDown();
            }
        });
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

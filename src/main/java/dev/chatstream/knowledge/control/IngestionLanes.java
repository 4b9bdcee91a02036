package dev.chatstream.knowledge.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads documents are read and embedded on, one per core: ingestions and the embedder's
 * helper lanes share them (a helper that finds no free thread is given up, see
 * {@link Embedder#embedAll}). Not the server's default managed executor, which checkpoints and
 * other short tasks share: WildFly's has few threads, and an upload should not wait behind a
 * checkpoint stuck on a slow database (InjectedFaultCases holds one and uploads beside it).
 */
@ApplicationScoped
public class IngestionLanes implements Executor {

    @Resource
    ManagedThreadFactory threadFactory;
    private ExecutorService lanes;

    @PostConstruct
    void open() {
        lanes = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), threadFactory);
    }

    @PreDestroy
    void close() {
        lanes.shutdownNow();
    }

    @Override
    public void execute(Runnable task) {
        lanes.execute(task);
    }
}

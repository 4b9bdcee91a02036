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
 * {@link Embedder#embedAll}). Not Payara's default managed executor: it runs one task at a time
 * (core size 0, unbounded queue), so an upload waited there behind every checkpoint of every
 * running answer and behind the sample collection being read at first start.
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

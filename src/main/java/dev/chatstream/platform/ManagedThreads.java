package dev.chatstream.platform;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.hibernate.search.engine.environment.thread.spi.ThreadProvider;

/**
 * Hibernate Search's background threads (index writers, mass indexing) from the container's
 * default ManagedThreadFactory, so that none is created behind the container's back.
 */
public final class ManagedThreads implements ThreadProvider {

    private final ManagedThreadFactory factory;

    private ManagedThreads(ManagedThreadFactory factory) {
        this.factory = factory;
    }

    /** The container's default managed thread factory; looked up because the database is built in a constructor. */
    static ManagedThreads lookup() {
        try {
            return new ManagedThreads(InitialContext.doLookup("java:comp/DefaultManagedThreadFactory"));
        } catch (NamingException e) {
            throw new IllegalStateException("No default ManagedThreadFactory", e);
        }
    }

    @Override
    public String createThreadName(String prefix, int threadNumber) {
        return "chatstream " + prefix + " - " + threadNumber;
    }

    @Override
    public ThreadFactory createThreadFactory(String prefix) {
        var numbers = new AtomicInteger();
        return task -> {
            var thread = factory.newThread(task);
            thread.setName(createThreadName(prefix, numbers.incrementAndGet()));
            return thread;
        };
    }
}

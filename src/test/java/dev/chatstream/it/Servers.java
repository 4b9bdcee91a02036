package dev.chatstream.it;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the groups of tests that share one Arquillian deployment find it: the container's port
 * (reserved by the build, {@code it.port.<qualifier>}) on loopback. One URL object per container,
 * so that {@link Api#root} waits for readiness once.
 */
final class Servers {

    private static final Map<String, URL> URLS = new ConcurrentHashMap<>();

    private Servers() {
    }

    static URL of(String container) {
        return URLS.computeIfAbsent(container, name -> {
            try {
                return new URL("http://127.0.0.1:" + Integer.getInteger("it.port." + name) + "/");
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}

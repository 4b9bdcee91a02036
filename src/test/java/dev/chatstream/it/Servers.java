package dev.chatstream.it;

import java.net.MalformedURLException;
import java.net.URI;
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

    /**
     * Where the server at {@code root} says it is ready: {@code /health/ready} on the same port,
     * except on WildFly, which serves MicroProfile Health on its management interface.
     */
    static URI health(URI root) {
        return onWildFly(root) ? management("health/ready") : root.resolve("health/ready");
    }

    /** The application's metrics, in Prometheus' text format: MicroProfile Metrics' or WildFly's Micrometer registry's. */
    static URI metrics(URI root) {
        return onWildFly(root) ? management("metrics") : root.resolve("metrics?scope=application");
    }

    private static boolean onWildFly(URI root) {
        return root.getPort() == Integer.getInteger("it.port.wildfly", -1);
    }

    private static URI management(String path) {
        return URI.create("http://127.0.0.1:" + Integer.getInteger("it.port.wildfly.management") + "/" + path);
    }
}

package dev.chatstream.providers.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The one JDK HTTP client every provider call shares (its connection pool and selector thread),
 * running its callbacks on the container's managed executor.
 */
@ApplicationScoped
public class UpstreamHttp {

    @Resource
    ManagedExecutorService executor;

    private volatile HttpClient client;

    /** A new call's connection, with the langchain4j HTTP client builder bound to it. */
    public UpstreamConnection newConnection() {
        return new UpstreamConnection(client());
    }

    private HttpClient client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .executor(executor)
                            .connectTimeout(Duration.ofSeconds(10))
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .build();
                }
            }
        }
        return client;
    }
}

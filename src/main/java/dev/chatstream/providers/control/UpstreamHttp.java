package dev.chatstream.providers.control;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP side of every provider: JDK clients (their connections and selector threads) behind
 * langchain4j's HTTP client SPI, in {@link UpstreamLanes} so that HTTP/2 never carries more
 * concurrent streams on a connection than a provider accepts.
 *
 * <p>Its callbacks run on a small pool of container-managed threads (ManagedThreadFactory), one
 * per core, rather than the ManagedExecutorService: the client hands over every network read as
 * a task, and a managed executor sets up and tears down the container context for each.
 *
 * <p>langchain4j models are built once (building one scans service files, which costs
 * milliseconds), so the connection of a call is bound to the calling thread for the duration of
 * {@link #call}: langchain4j opens the stream synchronously on that thread.
 */
@ApplicationScoped
public class UpstreamHttp {

    private static final ThreadLocal<UpstreamConnection> CALLING = new ThreadLocal<>();

    @Resource
    ManagedThreadFactory threadFactory;

    private final AtomicInteger openConnections = new AtomicInteger();
    private final int maxStreamsPerConnection;
    private UpstreamLanes lanes;
    private ExecutorService callbacks;

    @Inject
    public UpstreamHttp(@ConfigProperty(name = "CHAT_UPSTREAM_MAX_STREAMS_PER_CONNECTION") int maxStreamsPerConnection) {
        this.maxStreamsPerConnection = maxStreamsPerConnection;
    }

    protected UpstreamHttp() {
        this(0);
    }

    public UpstreamConnection newConnection() {
        return new UpstreamConnection(lanes, openConnections);
    }

    /** Provider requests whose response is still being read. */
    public int openConnections() {
        return openConnections.get();
    }

    /** Runs {@code start}, which makes one streaming request, on {@code connection}. */
    public void call(UpstreamConnection connection, Runnable start) {
        CALLING.set(connection);
        try {
            start.run();
        } finally {
            CALLING.remove();
        }
    }

    /** The builder to give langchain4j models; every client it builds is this one. */
    public HttpClientBuilder clientBuilder() {
        return new HttpClientBuilder() {
            private Duration connectTimeout;
            private Duration readTimeout;

            @Override public Duration connectTimeout() { return connectTimeout; }
            @Override public HttpClientBuilder connectTimeout(Duration timeout) { connectTimeout = timeout; return this; }
            @Override public Duration readTimeout() { return readTimeout; }
            @Override public HttpClientBuilder readTimeout(Duration timeout) { readTimeout = timeout; return this; }
            @Override public dev.langchain4j.http.client.HttpClient build() { return new Adapter(); }
        };
    }

    @PostConstruct
    void open() {
        callbacks = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), threadFactory);
        lanes = new UpstreamLanes(() -> HttpClient.newBuilder()
                .executor(callbacks)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build(), maxStreamsPerConnection);
    }

    /** Connections (HTTP/2) or connection pools (HTTP/1.1) opened so far. */
    int lanes() {
        return lanes.count();
    }

    @PreDestroy
    void close() {
        callbacks.shutdownNow();
    }

    /** langchain4j's view of the client. */
    private final class Adapter implements dev.langchain4j.http.client.HttpClient {

        @Override
        public SuccessfulHttpResponse execute(HttpRequest request) {
            var lane = lanes.acquire();
            try {
                var response = lane.client().send(UpstreamConnection.jdkRequest(request), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 300) {
                    throw new HttpException(response.statusCode(), response.body());
                }
                return SuccessfulHttpResponse.builder().statusCode(response.statusCode())
                        .headers(response.headers().map()).body(response.body()).build();
            } catch (IOException e) {
                throw new IllegalStateException("The provider did not answer", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while calling the provider", e);
            } finally {
                lane.release();
            }
        }

        @Override
        public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
            var connection = CALLING.get();
            if (connection == null) {
                throw new IllegalStateException("A streaming provider request must be made inside UpstreamHttp.call");
            }
            connection.open(request, listener);
        }
    }
}

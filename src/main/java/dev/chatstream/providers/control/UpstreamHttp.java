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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.client.transport.HttpDestination;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP side of every provider: one Jetty client behind langchain4j's HTTP client SPI. Over
 * HTTP/2 it puts up to {@code CHAT_UPSTREAM_MAX_STREAMS_PER_CONNECTION} streams on a connection
 * (fewer if the provider allows fewer) and opens another connection when all are full, every
 * connection behind one selector: 19,000 streams at 100 a connection cost 190 sockets and no
 * thread more. (The JDK client fails the streams past a provider's limit, JDK-8225647, so it
 * needed a client, a selector and a selector thread for every 100 streams.)
 *
 * <p>The client runs on a small pool of container-managed threads (ManagedThreadFactory) rather
 * than the ManagedExecutorService: it hands over every network read as a task, and a managed
 * executor sets up and tears down the container context for each.
 *
 * <p>langchain4j models are built once (building one scans service files, which costs
 * milliseconds), so the connection of a call is bound to the calling thread for the duration of
 * {@link #call}: langchain4j opens the stream synchronously on that thread.
 */
@ApplicationScoped
public class UpstreamHttp {

    private static final ThreadLocal<UpstreamConnection> CALLING = new ThreadLocal<>();
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");
    /** Connections to one provider: the open-file limit is the real bound, not the pool. */
    private static final int MAX_CONNECTIONS = 65_536;

    @Resource
    ManagedThreadFactory threadFactory;

    private final AtomicInteger openConnections = new AtomicInteger();
    private final int maxStreamsPerConnection;
    private final long idleTimeoutSeconds;
    private HttpClient client;
    private ScheduledExecutorService timers;

    @Inject
    public UpstreamHttp(@ConfigProperty(name = "CHAT_UPSTREAM_MAX_STREAMS_PER_CONNECTION") int maxStreamsPerConnection,
                        @ConfigProperty(name = "CHAT_UPSTREAM_IDLE_TIMEOUT_SECONDS") long idleTimeoutSeconds) {
        this.maxStreamsPerConnection = maxStreamsPerConnection;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
    }

    protected UpstreamHttp() {
        this(0, 0);
    }

    public UpstreamConnection newConnection() {
        return new UpstreamConnection(this::request, openConnections);
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
        int cores = Runtime.getRuntime().availableProcessors();
        var threads = new QueuedThreadPool(Math.max(8, 2 * cores + 2), 2, 60_000, -1, null, null, threadFactory);
        threads.setName("upstream");
        timers = Executors.newSingleThreadScheduledExecutor(threadFactory);
        var connector = new ClientConnector();
        connector.setSelectors(1);
        var tls = new SslContextFactory.Client();
        try {
            // the JVM's trust, as the JDK client had it (javax.net.ssl.trustStore and SSLContext.setDefault)
            tls.setSslContext(SSLContext.getDefault());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("No default TLS context", e);
        }
        connector.setSslContextFactory(tls);
        var transport = new HttpClientTransportDynamic(connector,
                new ClientConnectionFactoryOverHTTP2.HTTP2(new HTTP2Client(connector)), HttpClientConnectionFactory.HTTP11);
        transport.setConnectionPoolFactory(destination -> new ProviderConnectionPool(destination, MAX_CONNECTIONS, maxStreamsPerConnection));
        client = new HttpClient(transport);
        client.setExecutor(threads);
        client.setScheduler(new ScheduledExecutorScheduler(timers));
        client.setConnectTimeout(10_000);
        // a quiet stream is the run's to end (CHAT_UPSTREAM_IDLE_TIMEOUT_SECONDS); this closes idle connections
        client.setIdleTimeout(TimeUnit.SECONDS.toMillis(2 * Math.max(30, idleTimeoutSeconds)));
        client.setMaxConnectionsPerDestination(MAX_CONNECTIONS);
        client.setMaxRequestsQueuedPerDestination(MAX_CONNECTIONS);
        client.setUserAgentField(null);
        // the bytes as the provider sent them, as the JDK client asked for them (no Accept-Encoding)
        client.getContentDecoderFactories().clear();
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("The provider client did not start", e);
        }
    }

    /** Connections open to providers, HTTP/2 and HTTP/1.1. */
    int connections() {
        return client.getDestinations().stream()
                .mapToInt(destination -> ((AbstractConnectionPool) ((HttpDestination) destination).getConnectionPool()).getConnectionCount())
                .sum();
    }

    @PreDestroy
    void close() {
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("The provider client did not stop", e);
        } finally {
            timers.shutdownNow();
        }
    }

    /** Jetty's request for langchain4j's; HTTP/2 where TLS lets the provider choose it, else HTTP/1.1. */
    private Request request(HttpRequest request) {
        var jetty = client.newRequest(request.url()).method(request.method().name());
        if (!HttpScheme.HTTPS.is(jetty.getScheme())) {
            jetty.version(HttpVersion.HTTP_1_1);
        }
        jetty.headers(headers -> request.headers().forEach((name, values) -> {
            if (!RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> headers.add(name, value));
            }
        }));
        if (request.body() != null) {
            var type = request.headers().entrySet().stream()
                    .filter(header -> header.getKey().equalsIgnoreCase("content-type") && !header.getValue().isEmpty())
                    .map(header -> header.getValue().get(0)).findFirst().orElse("application/json");
            jetty.body(new BytesRequestContent(type, request.body().getBytes(StandardCharsets.UTF_8)));
        }
        return jetty;
    }

    /** langchain4j's view of the client. */
    private final class Adapter implements dev.langchain4j.http.client.HttpClient {

        @Override
        public SuccessfulHttpResponse execute(HttpRequest request) {
            try {
                var response = request(request).send();
                if (response.getStatus() >= 300) {
                    throw new HttpException(response.getStatus(), response.getContentAsString());
                }
                return SuccessfulHttpResponse.builder().statusCode(response.getStatus())
                        .headers(UpstreamConnection.headers(response.getHeaders())).body(response.getContentAsString()).build();
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("The provider did not answer", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while calling the provider", e);
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

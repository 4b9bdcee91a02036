package dev.chatstream.providers.control;

import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParsingHandle;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One streaming call to a provider, made for langchain4j's HTTP client SPI on the JDK client's
 * non-blocking line subscriber: no thread waits on a stream, and {@link #cancel()} closes the
 * connection at any moment, between two tokens or before the first (langchain4j's own handle can
 * only cancel when a token arrives).
 */
public final class UpstreamConnection implements UpstreamCall, ServerSentEventParsingHandle, Flow.Subscriber<String> {

    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final UpstreamLanes lanes;
    private final AtomicInteger openConnections;
    private volatile UpstreamLanes.Lane lane;
    /** scheme://host:port of the provider: the lane opens one connection there at a time. */
    private String origin;
    /** The request went to the client (it did not wait behind another one for the connection, or no longer waits). */
    private volatile boolean sent;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean opened;
    private final ServerSentEventContext context = new ServerSentEventContext(this);
    private volatile boolean cancelled;
    /** A response began: from then on a failure is the provider's, never retried. */
    private volatile boolean answered;
    /** The listener hears of the end once, however many ways the JDK reports it. */
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Flow.Subscription subscription;
    private volatile CompletableFuture<?> exchange;
    private ServerSentEventListener listener;
    private Runnable whenClosed = () -> { };
    private volatile Throwable failure;
    private String eventName;
    private StringBuilder data;

    UpstreamConnection(UpstreamLanes lanes, AtomicInteger openConnections) {
        this.lanes = lanes;
        this.openConnections = openConnections;
    }

    /** Runs after the provider closed the stream normally, when every event has been handed over. */
    public void whenClosed(Runnable action) {
        this.whenClosed = action;
    }

    @Override
    public void cancel() {
        cancelled = true;
        release();
        var current = subscription;
        if (current != null) {
            current.cancel();
        }
        var pending = exchange;
        if (pending != null) {
            pending.cancel(true);
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    void open(HttpRequest request, ServerSentEventListener eventListener) {
        this.listener = eventListener;
        lane = lanes.acquire();
        opened = true;
        openConnections.incrementAndGet();
        var jdk = jdkRequest(request, () -> lane.opened(origin, true));
        origin = jdk.uri().getScheme() + "://" + jdk.uri().getAuthority();
        lane.send(origin, () -> {
            if (!cancelled) {
                sent = true;
                send(jdk, true);
            }
        });
    }

    /**
     * Sends the request; a failure before any byte of a response is sent once more, on a fresh
     * connection: the JDK client reuses kept-alive connections, and one the provider had just
     * closed as idle fails with "header parser received no bytes" (0.8 % of the answers in a
     * long benchmark), although the provider never saw the request.
     */
    private void send(java.net.http.HttpRequest request, boolean mayRetry) {
        exchange = lane.client().sendAsync(request, this::bodyFor).whenComplete((response, failure) -> {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause != null && mayRetry && !answered && !cancelled && cause instanceof IOException
                    && !(cause instanceof HttpTimeoutException)) {
                send(request, false);
                return;
            }
            release();
            if (cause != null) {
                fail(cause);
            }
        });
        if (cancelled) {
            exchange.cancel(true);
        }
    }

    private HttpResponse.BodySubscriber<Void> bodyFor(HttpResponse.ResponseInfo info) {
        answered = true;
        if (info.statusCode() >= 300) {
            return BodySubscribers.mapping(BodySubscribers.ofString(StandardCharsets.UTF_8), body -> {
                fail(new UpstreamStatusException(info.statusCode(), body, retryAfter(info)));
                return null;
            });
        }
        listener.onOpen(SuccessfulHttpResponse.builder().statusCode(info.statusCode()).headers(info.headers().map()).build());
        return BodySubscribers.fromLineSubscriber(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (cancelled) {
            subscription.cancel();
        } else {
            subscription.request(Long.MAX_VALUE);
        }
    }

    /** Server-sent events, line by line: data lines gather until a blank line ends the event. */
    @Override
    public void onNext(String line) {
        if (line.isEmpty()) {
            dispatch();
        } else if (line.startsWith("data:")) {
            if (data == null) {
                data = new StringBuilder();
            } else {
                data.append('\n');
            }
            data.append(line, line.startsWith("data: ") ? 6 : 5, line.length());
        } else if (line.startsWith("event:")) {
            eventName = line.substring(6).trim();
        }
    }

    @Override
    public void onError(Throwable failure) {
        fail(failure);
    }

    @Override
    public void onComplete() {
        release();
        dispatch();
        if (!cancelled && ended.compareAndSet(false, true)) {
            listener.onClose();
            whenClosed.run();
        }
    }

    private void dispatch() {
        if (data == null || cancelled) {
            return;
        }
        var event = new ServerSentEvent(eventName, data.toString());
        data = null;
        eventName = null;
        try {
            listener.onEvent(event, context);
        } catch (RuntimeException malformed) {
            fail(malformed);
            cancel();
        }
    }

    /** The first failure the connection saw, as it saw it (langchain4j's mapping may drop details). */
    public Throwable failure() {
        return failure;
    }

    private void release() {
        if (opened && released.compareAndSet(false, true)) {
            openConnections.decrementAndGet();
            if (sent) {
                lane.opened(origin, false);
            }
            lane.release();
        }
    }

    private void fail(Throwable failure) {
        release();
        if (!cancelled && ended.compareAndSet(false, true)) {
            this.failure = failure;
            listener.onError(failure);
        }
    }

    static java.net.http.HttpRequest jdkRequest(HttpRequest request) {
        return jdkRequest(request, () -> { });
    }

    /** The JDK's request; {@code onSend} runs when the client begins its body, on a connection that is open by then. */
    private static java.net.http.HttpRequest jdkRequest(HttpRequest request, Runnable onSend) {
        var builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        request.headers().forEach((name, values) -> {
            if (!RESTRICTED_HEADERS.contains(name.toLowerCase())) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        var body = request.body() == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8);
        return builder.method(request.method().name(), announcing(body, onSend)).build();
    }

    private static java.net.http.HttpRequest.BodyPublisher announcing(java.net.http.HttpRequest.BodyPublisher body, Runnable onSend) {
        return new java.net.http.HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return body.contentLength();
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                onSend.run();
                body.subscribe(subscriber);
            }
        };
    }

    private static Long retryAfter(HttpResponse.ResponseInfo info) {
        return info.headers().firstValue("Retry-After").map(value -> {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }
}

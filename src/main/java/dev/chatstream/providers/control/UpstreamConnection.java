package dev.chatstream.providers.control;

import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParsingHandle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpFields;

/**
 * One streaming call to a provider, made for langchain4j's HTTP client SPI on Jetty's
 * non-blocking response listener: no thread waits on a stream, and {@link #cancel()} resets the
 * stream (or closes an HTTP/1.1 connection) at any moment, between two tokens or before the first
 * (langchain4j's own handle can only cancel when a token arrives).
 */
public final class UpstreamConnection implements UpstreamCall, ServerSentEventParsingHandle, Response.Listener {

    /** No event line of a provider comes near this; a body that never ends a line is cut here. */
    private static final int MAX_LINE = 1 << 20;
    /** Enough of an error response for the log; the rest is not kept. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final Function<HttpRequest, Request> requests;
    private final AtomicInteger openConnections;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean opened;
    private final ServerSentEventContext context = new ServerSentEventContext(this);
    private volatile boolean cancelled;
    /** A response began: from then on a failure is the provider's, never retried. */
    private volatile boolean answered;
    private boolean retried;
    /** The listener hears of the end once, however many ways the client reports it. */
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Request inFlight;
    private HttpRequest request;
    private ServerSentEventListener listener;
    private Runnable whenClosed = () -> { };
    private volatile Throwable failure;
    private final LineDecoder lines = new LineDecoder(MAX_LINE, this::onLine);
    private String eventName;
    private StringBuilder data;
    /** The body of a response with an error status, kept to report it. */
    private ByteArrayOutputStream errorBody;
    private int status;
    private Long retryAfter;

    UpstreamConnection(Function<HttpRequest, Request> requests, AtomicInteger openConnections) {
        this.requests = requests;
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
        var current = inFlight;
        if (current != null) {
            current.abort(new CancellationException("cancelled"));
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    void open(HttpRequest providerRequest, ServerSentEventListener eventListener) {
        this.request = providerRequest;
        this.listener = eventListener;
        opened = true;
        openConnections.incrementAndGet();
        send();
    }

    private void send() {
        var jetty = requests.apply(request);
        inFlight = jetty;
        jetty.send(this);
        if (cancelled) {
            jetty.abort(new CancellationException("cancelled"));
        }
    }

    @Override
    public void onBegin(Response response) {
        answered = true;
    }

    @Override
    public void onHeaders(Response response) {
        status = response.getStatus();
        if (status >= 300) {
            errorBody = new ByteArrayOutputStream();
            retryAfter = retryAfter(response.getHeaders().get("Retry-After"));
        } else {
            listener.onOpen(SuccessfulHttpResponse.builder().statusCode(status).headers(headers(response.getHeaders())).build());
        }
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
        if (cancelled) {
            return;
        }
        if (errorBody != null) {
            int room = Math.min(content.remaining(), MAX_ERROR_BODY - errorBody.size());
            var kept = new byte[room];
            content.get(kept);
            errorBody.writeBytes(kept);
            return;
        }
        try {
            lines.feed(content);
        } catch (IOException endless) {
            fail(endless);
            cancel();
        }
    }

    /**
     * The exchange ended. A failure before any byte of a response is sent once more, on a fresh
     * connection: a kept-alive connection the provider had just closed as idle fails although the
     * provider never saw the request (0.8 % of the answers in a long benchmark).
     */
    @Override
    public void onComplete(Result result) {
        var cause = result.getFailure();
        if (cause != null) {
            if (!retried && !answered && !cancelled && cause instanceof IOException && !(cause instanceof SocketTimeoutException)) {
                retried = true;
                send();
                return;
            }
            fail(cause);
            return;
        }
        release();
        if (errorBody != null) {
            fail(new UpstreamStatusException(status, errorBody.toString(StandardCharsets.UTF_8), retryAfter));
            return;
        }
        lines.finish();
        dispatch();
        if (!cancelled && ended.compareAndSet(false, true)) {
            listener.onClose();
            whenClosed.run();
        }
    }

    /** Server-sent events, line by line: data lines gather until a blank line ends the event. */
    private void onLine(String line) {
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
        }
    }

    private void fail(Throwable cause) {
        release();
        if (!cancelled && ended.compareAndSet(false, true)) {
            this.failure = cause;
            listener.onError(cause);
        }
    }

    static Map<String, List<String>> headers(HttpFields fields) {
        var headers = new LinkedHashMap<String, List<String>>();
        fields.forEach(field -> headers.computeIfAbsent(field.getLowerCaseName(), name -> new ArrayList<>()).add(field.getValue()));
        return headers;
    }

    private static Long retryAfter(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

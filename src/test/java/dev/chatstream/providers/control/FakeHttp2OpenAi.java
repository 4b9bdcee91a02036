package dev.chatstream.providers.control;

import dev.chatstream.it.TlsH2Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * An OpenAI-compatible server over TLS that speaks HTTP/2 (ALPN h2, HTTP/1.1 as fallback) and
 * advertises {@value #MAX_STREAMS} concurrent streams per connection, as providers' edges do.
 * Every answer waits until {@link #holdUntil} requests are in flight together (a barrier), then
 * streams a few tokens.
 */
final class FakeHttp2OpenAi implements AutoCloseable {

    static final int MAX_STREAMS = 100;

    private final TlsH2Server server;
    private final AtomicInteger h2Requests = new AtomicInteger();
    private final java.util.Set<Object> connections = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch together = new CountDownLatch(0);

    FakeHttp2OpenAi(Path folder) throws Exception {
        server = new TlsH2Server(folder, MAX_STREAMS, 600, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                answer(request, response, callback);
                return true;
            }
        });
    }

    String baseUrl() {
        return server.baseUrl();
    }

    SSLContext trusting() throws Exception {
        return server.trusting();
    }

    /** The next {@code count} answers start only once that many requests are open at once. */
    void holdUntil(int count) {
        together = new CountDownLatch(count);
    }

    int h2Requests() {
        return h2Requests.get();
    }

    /** The connections that have carried requests. */
    int connections() {
        return connections.size();
    }

    private void answer(Request request, Response response, Callback callback) throws Exception {
        Content.Source.asString(request);
        connections.add(request.getConnectionMetaData().getConnection());
        if (request.getConnectionMetaData().getHttpVersion().getVersion() >= 20) {
            h2Requests.incrementAndGet();
        }
        var barrier = together;
        barrier.countDown();
        barrier.await(20, TimeUnit.SECONDS);
        response.setStatus(200);
        response.getHeaders().put("Content-Type", "text/event-stream");
        for (int i = 0; i < 5; i++) {
            write(response, false, chunk("{\"content\":\"t" + i + " \"}", "null"));
        }
        write(response, false, chunk("{}", "\"stop\""));
        write(response, false, "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake-h2\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5,\"total_tokens\":8}}\n\n");
        write(response, true, "data: [DONE]\n\n");
        callback.succeeded();
    }

    private static String chunk(String delta, String finishReason) {
        return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake-h2\",\"choices\":"
                + "[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finishReason + "}]}\n\n";
    }

    private static void write(Response response, boolean last, String text) throws IOException {
        try (Blocker.Callback written = Blocker.callback()) {
            response.write(last, java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), written);
            written.block();
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}

package dev.chatstream.providers.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.providers.entity.ChatTurn;
import dev.chatstream.providers.entity.Completion;
import dev.chatstream.providers.entity.GenerationRequest;
import dev.chatstream.providers.entity.ProviderFailure;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider path (langchain4j's OpenAI model on our HTTP client) against the connections
 * real providers give: HTTP/2 over TLS with 100 concurrent streams per connection (250
 * concurrent streams must all complete, on three connections; the JDK client fails every one
 * past the 100th, and opens a connection for each request sent before one is up),
 * and kept-alive HTTP/1.1 connections closed as idle just as they are reused.
 */
class UpstreamHttpIT {

    private static FakeHttp2OpenAi server;
    private static UpstreamHttp http;
    private static SSLContext systemDefault;

    @BeforeAll
    static void start() throws Exception {
        server = new FakeHttp2OpenAi(Path.of(System.getProperty("java.io.tmpdir"), "fake-h2"));
        systemDefault = SSLContext.getDefault();
        SSLContext.setDefault(server.trusting());
        http = new UpstreamHttp(FakeHttp2OpenAi.MAX_STREAMS, 60);
        http.threadFactory = new ManagedThreadFactory() {
            @Override
            public Thread newThread(Runnable task) {
                var thread = new Thread(task, "upstream-callback");
                thread.setDaemon(true);
                return thread;
            }

            @Override
            public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
                return ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            }
        };
        http.open();
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        server.close();
        SSLContext.setDefault(systemDefault);
    }

    @Test
    void twoHundredFiftyConcurrentStreamsAllComplete() throws Exception {
        var provider = LangChainProvider.openAi(http, server.baseUrl(), "test-key", "fake-h2", 100, 0.7);
        assertEquals("t0 t1 t2 t3 t4 ", answer(provider).get(20, TimeUnit.SECONDS), "one answer first opens a connection");

        int streams = 250;
        server.holdUntil(streams);
        var answers = new java.util.ArrayList<CompletableFuture<String>>();
        for (int i = 0; i < streams; i++) {
            answers.add(answer(provider));
        }
        for (var answer : answers) {
            assertEquals("t0 t1 t2 t3 t4 ", answer.get(30, TimeUnit.SECONDS));
        }
        assertEquals(streams + 1, server.h2Requests(), "every request went over HTTP/2");
        assertEquals(3, server.connections(), "250 streams at 100 per connection need three connections");
        // Jetty's pool counts demand from the queue it sees, and may open one more than it needed
        assertTrue(http.connections() <= 4, "not one connection for each request that found none with room: " + http.connections());
        assertEquals(0, http.openConnections());
    }

    @Test
    void aKeptAliveConnectionTheProviderClosedIsNotTheUsersProblem() throws Exception {
        try (var provider = new IdleClosingOpenAi()) {
            var openAi = LangChainProvider.openAi(http, provider.baseUrl(), "test-key", "idle", 100, 0.7);
            for (int i = 0; i < 3; i++) {
                assertEquals("kept alive", answer(openAi).get(20, TimeUnit.SECONDS), "answer " + (i + 1));
            }
            assertEquals(3, provider.answered.get());
            assertTrue(provider.droppedOnReuse.get() >= 2, "the client did reuse connections the server then closed");
        }
    }

    /** One generation's text, or its failure as an exception. */
    private static CompletableFuture<String> answer(ChatProvider provider) {
        var result = new CompletableFuture<String>();
        var text = new StringBuilder();
        provider.start(new GenerationRequest(null, List.of(new ChatTurn(ChatTurn.Speaker.user, "hi")), null, null, null),
                new GenerationListener() {
                    @Override
                    public synchronized void onDelta(String delta) {
                        text.append(delta);
                    }

                    @Override
                    public synchronized void onComplete(Completion completion) {
                        result.complete(text.toString());
                    }

                    @Override
                    public void onFailure(ProviderFailure failure) {
                        result.completeExceptionally(new AssertionError(failure.code() + ": " + failure.message()));
                    }
                });
        return result;
    }
}

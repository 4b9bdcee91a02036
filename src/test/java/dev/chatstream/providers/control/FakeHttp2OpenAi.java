package dev.chatstream.providers.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An OpenAI-compatible server over TLS that speaks HTTP/2 (ALPN h2, HTTP/1.1 as fallback) and
 * advertises {@value #MAX_STREAMS} concurrent streams per connection, as providers' edges do.
 * Every answer waits until {@link #holdUntil} requests are in flight together (a barrier), then
 * streams a few tokens.
 */
final class FakeHttp2OpenAi implements AutoCloseable {

    static final int MAX_STREAMS = 100;
    static final String PASSWORD = "fake-h2";

    private final Server server;
    private final ServerConnector connector;
    private final AtomicInteger h2Requests = new AtomicInteger();
    private volatile CountDownLatch together = new CountDownLatch(0);

    FakeHttp2OpenAi(Path keyStore) throws Exception {
        var threads = new QueuedThreadPool(600);
        server = new Server(threads);
        var config = new HttpConfiguration();
        var secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        config.addCustomizer(secure);
        var h2 = new HTTP2ServerConnectionFactory(config);
        h2.setMaxConcurrentStreams(MAX_STREAMS);
        var alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        var tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keyStore.toString());
        tls.setKeyStorePassword(PASSWORD);
        tls.setKeyStoreType("PKCS12");
        connector = new ServerConnector(server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2,
                new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                answer(request, response, callback);
                return true;
            }
        });
        server.start();
    }

    /** A self-signed key for 127.0.0.1, made with the JDK's keytool. */
    static Path keyStore(Path folder) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Path file = folder.resolve("fake-h2.p12");
        Files.deleteIfExists(file);
        var keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        var process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "fake", "-keyalg", "RSA", "-keysize", "2048",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD, "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        return file;
    }

    String baseUrl() {
        return "https://127.0.0.1:" + connector.getLocalPort() + "/v1";
    }

    /** The next {@code count} answers start only once that many requests are open at once. */
    void holdUntil(int count) {
        together = new CountDownLatch(count);
    }

    int h2Requests() {
        return h2Requests.get();
    }

    private void answer(Request request, Response response, Callback callback) throws Exception {
        Content.Source.asString(request);
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
        server.stop();
    }
}

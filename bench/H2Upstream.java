import java.io.FileInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
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
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The benchmark's fake OpenAI upstream as the real ones are reached: HTTP/2 over TLS (ALPN h2,
 * 100 concurrent streams per connection), each token "s<nanoTime> " stamped as it is written.
 * Every write is asynchronous and paced by a scheduler, so that tens of thousands of slow
 * streams need no thread each.
 */
final class H2Upstream implements AutoCloseable {

    static final String PASSWORD = "bench-h2";
    private static final Pattern OPTION = Pattern.compile("(tokens|interval)=(\\d+)");

    private final Server server;
    private final ServerConnector connector;
    private final ScheduledExecutorService pacer = Executors.newScheduledThreadPool(2);
    private final Path keyStore;
    private final int defaultTokens;
    private final int defaultInterval;

    H2Upstream(Path folder, int defaultTokens, int defaultInterval) throws Exception {
        this.defaultTokens = defaultTokens;
        this.defaultInterval = defaultInterval;
        keyStore = keyStore(folder);
        server = new Server(new QueuedThreadPool(64));
        var config = new HttpConfiguration();
        var secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        config.addCustomizer(secure);
        var h2 = new HTTP2ServerConnectionFactory(config);
        h2.setMaxConcurrentStreams(100);
        var alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        var tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keyStore.toString());
        tls.setKeyStorePassword(PASSWORD);
        tls.setKeyStoreType("PKCS12");
        connector = new ServerConnector(server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2,
                new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setAcceptQueueSize(10000);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request);
                int tokens = defaultTokens;
                int interval = defaultInterval;
                Matcher option = OPTION.matcher(body);
                while (option.find()) {
                    if (option.group(1).equals("tokens")) {
                        tokens = Integer.parseInt(option.group(2));
                    } else {
                        interval = Integer.parseInt(option.group(2));
                    }
                }
                response.setStatus(200);
                response.getHeaders().put("Content-Type", "text/event-stream");
                new Answer(response, callback, tokens, interval).next();
                return true;
            }
        });
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    Path keyStore() {
        return keyStore;
    }

    /** One streaming answer: each write schedules the next at its due time. */
    private final class Answer {
        final Response response;
        final Callback done;
        final int tokens;
        final int interval;
        final long start = System.nanoTime();
        int written = -1;

        Answer(Response response, Callback done, int tokens, int interval) {
            this.response = response;
            this.done = done;
            this.tokens = tokens;
            this.interval = interval;
        }

        void next() {
            written++;
            if (written == 0) {
                write("{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":"
                        + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}", false);
            } else if (written <= tokens) {
                long due = start + TimeUnit.MILLISECONDS.toNanos((long) (written - 1) * interval);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    pacer.schedule(this::token, wait, TimeUnit.NANOSECONDS);
                } else {
                    token();
                }
            } else {
                write("{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{},"
                        + "\"finish_reason\":\"stop\"}]}\n\ndata: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\","
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":" + tokens + ",\"total_tokens\":"
                        + (20 + tokens) + "}}\n\ndata: [DONE]", true);
            }
        }

        void token() {
            write("{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":"
                    + "{\"content\":\"s" + System.nanoTime() + " \"},\"finish_reason\":null}]}", false);
        }

        void write(String json, boolean last) {
            var bytes = ByteBuffer.wrap(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
            response.write(last, bytes, Callback.from(last ? done::succeeded : this::next, done::failed));
        }
    }

    /** A client context that trusts this server's self-signed key. */
    SSLContext trusting() throws Exception {
        var store = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(keyStore.toFile())) {
            store.load(in, PASSWORD.toCharArray());
        }
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        var context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static Path keyStore(Path folder) throws Exception {
        Files.createDirectories(folder);
        Path file = folder.resolve("bench-h2.p12");
        Files.deleteIfExists(file);
        var keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        var process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "bench", "-keyalg", "RSA", "-keysize", "2048",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD, "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2").redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool failed");
        }
        return file;
    }

    @Override
    public void close() throws Exception {
        server.stop();
        pacer.shutdownNow();
    }
}

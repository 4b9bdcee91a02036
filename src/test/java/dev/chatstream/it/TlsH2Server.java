package dev.chatstream.it;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A local server as providers' edges are: TLS with a self-signed key for 127.0.0.1, HTTP/2 by
 * ALPN (HTTP/1.1 as fallback), a limit of concurrent streams per connection. For the tests' fake
 * providers and the benchmark's fake upstream.
 */
public final class TlsH2Server implements AutoCloseable {

    public static final String PASSWORD = "fake-h2";

    private final Server server;
    private final ServerConnector connector;
    private final Path keyStore;

    public TlsH2Server(Path folder, int maxStreams, int threads, Handler handler) throws Exception {
        keyStore = keyStore(folder);
        server = new Server(new QueuedThreadPool(threads));
        var config = new HttpConfiguration();
        var secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        config.addCustomizer(secure);
        var h2 = new HTTP2ServerConnectionFactory(config);
        h2.setMaxConcurrentStreams(maxStreams);
        var alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        var tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keyStore.toString());
        tls.setKeyStorePassword(PASSWORD);
        tls.setKeyStoreType("PKCS12");
        connector = new ServerConnector(server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2,
                new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setAcceptQueueSize(10_000);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
    }

    public String baseUrl() {
        return "https://127.0.0.1:" + connector.getLocalPort() + "/v1";
    }

    /** The server's key, for a client (or a server's JVM) that is to trust it. */
    public Path keyStore() {
        return keyStore;
    }

    /** A client context that trusts this server's key. */
    public SSLContext trusting() throws Exception {
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

    /** A self-signed key for 127.0.0.1, made with the JDK's keytool. */
    private static Path keyStore(Path folder) throws IOException, InterruptedException {
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

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

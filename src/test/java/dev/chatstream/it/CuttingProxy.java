package dev.chatstream.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy on loopback between the browser and the server that can cut every connection it
 * carries at once, the way a dropped Wi-Fi or a proxy restart does: the browser sees a reset
 * mid-stream and must recover by itself.
 */
final class CuttingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final ExecutorService pumps = Executors.newCachedThreadPool();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** A request line's start whose answer is cut before its first byte, once; null when none is armed. */
    private final java.util.concurrent.atomic.AtomicReference<String> cutAnswerTo = new java.util.concurrent.atomic.AtomicReference<>();
    private final Set<Socket> cutBeforeAnswer = ConcurrentHashMap.newKeySet();

    CuttingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pumps.execute(this::accept);
    }

    URI root() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    /** Resets every connection now open; new ones are served as before. */
    void cutAll() {
        for (Socket socket : open) {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
        open.clear();
    }

    /**
     * The next request whose first line starts with {@code requestLine} reaches the server, but
     * its connection is reset before the browser sees a byte of the answer.
     */
    void cutTheAnswerTo(String requestLine) {
        cutAnswerTo.set(requestLine);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                open.add(client);
                open.add(upstream);
                pumps.execute(() -> pump(client, upstream, true));
                pumps.execute(() -> pump(upstream, client, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean requests) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                String armed = cutAnswerTo.get();
                if (requests && armed != null && new String(buffer, 0, read, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .startsWith(armed) && cutAnswerTo.compareAndSet(armed, null)) {
                    cutBeforeAnswer.add(from);
                }
                if (!requests && cutBeforeAnswer.remove(to)) {
                    to.setSoLinger(true, 0);
                    to.close();
                    return;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: the other goes too
        } finally {
            close(from);
            close(to);
        }
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
        pumps.shutdownNow();
    }
}

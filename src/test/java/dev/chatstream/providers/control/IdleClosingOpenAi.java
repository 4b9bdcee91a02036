package dev.chatstream.providers.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible HTTP/1.1 server that keeps each connection alive after its first answer
 * and then closes it when the next request arrives on it, without a byte of response: the race
 * of a provider closing an idle connection just as the client reuses it.
 */
final class IdleClosingOpenAi implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool();
    final AtomicInteger answered = new AtomicInteger();
    final AtomicInteger droppedOnReuse = new AtomicInteger();

    IdleClosingOpenAi() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        connections.execute(() -> {
            while (!server.isClosed()) {
                try {
                    var socket = server.accept();
                    connections.execute(() -> serve(socket));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    private void serve(Socket socket) {
        try (socket) {
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            readRequest(in);
            answer(socket.getOutputStream());
            answered.incrementAndGet();
            if (in.readLine() != null) {
                droppedOnReuse.incrementAndGet();
            }
        } catch (IOException gone) {
            // the client left
        }
    }

    private static void readRequest(BufferedReader in) throws IOException {
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        for (int i = 0; i < length; i++) {
            in.read();
        }
    }

    private static void answer(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String event : new String[] {
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"idle\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"kept \"},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"idle\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"alive\"},\"finish_reason\":\"stop\"}]}",
                "[DONE]"}) {
            byte[] frame = ("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8);
            out.write((Integer.toHexString(frame.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(frame);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}

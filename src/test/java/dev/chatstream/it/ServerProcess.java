package dev.chatstream.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Payara Micro run by the test itself on the WAR under test, for what Arquillian cannot do: kill
 * and restart a server, or start one on another database. Its log goes next to its data folder.
 */
final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    final URI root;
    private final Path log;
    private final long logStart;

    private ServerProcess(Process process, URI root, Path log, long logStart) {
        this.process = process;
        this.root = root;
        this.log = log;
        this.logStart = logStart;
    }

    /**
     * Starts the server with its data in {@code data} and {@code config} as system properties, and
     * waits until it prints that it is ready; from that moment on it must serve requests.
     */
    static ServerProcess start(Path data, int port, Map<String, String> config) throws IOException {
        var server = launch(data, port, config);
        server.awaitLog("chatstream ready at", Duration.ofSeconds(180));
        server.assertServing();
        return server;
    }

    /** Starts the server and returns at once, while it is still starting. */
    static ServerProcess launch(Path data, int port, Map<String, String> config) throws IOException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-DCHAT_DATA_DIR=" + data));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", System.getProperty("payara.microJar"), "--nohazelcast", "--port", String.valueOf(port),
                "--prebootcommandfile", Path.of("server-config/pre-boot-commands.asadmin").toAbsolutePath().toString(),
                "--contextroot", "/", "--deploy", System.getProperty("it.war")));
        Files.createDirectories(data);
        Path log = data.resolveSibling(data.getFileName() + "-server.log");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        var process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new ServerProcess(process, URI.create("http://127.0.0.1:" + port + "/"), log, logStart);
    }

    /** Kills the server as a crash would: no shutdown hooks, no flushing. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /**
     * Stops the server as an operator does (SIGTERM: the shutdown hooks run) and fails if the JVM
     * died instead: a fatal error aborts it (exit 134) and leaves hs_err_pid&lt;pid&gt;.log behind.
     */
    void stop() throws InterruptedException {
        process.destroy();
        int exit = process.waitFor();
        Path crashLog = Path.of("hs_err_pid" + process.pid() + ".log").toAbsolutePath();
        if (exit != 0 && exit != 143 || Files.exists(crashLog)) {
            throw new AssertionError("the server did not shut down but exited with " + exit
                    + (Files.exists(crashLog) ? ", see " + crashLog : ""));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    /** Waits until this server's log, since its start, has {@code text}; fails if the server exits first. */
    void awaitLog(String text, Duration timeout) {
        FakeOpenAi.await(() -> logged(text), timeout, "the server's log saying " + text);
    }

    private boolean logged(String text) {
        if (!process.isAlive()) {
            throw new IllegalStateException("Payara Micro exited with " + process.exitValue());
        }
        try (var file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            file.seek(logStart);
            byte[] rest = new byte[(int) (file.length() - logStart)];
            file.readFully(rest);
            return new String(rest, java.nio.charset.StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** Once ready is said, the API answers (here: 401 without a token) and /health/ready is up. */
    private void assertServing() throws IOException {
        try {
            int api = HTTP.send(HttpRequest.newBuilder(root.resolve("api/chat/threads")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            int health = HTTP.send(HttpRequest.newBuilder(root.resolve("health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (api != 401 || health != 200) {
                throw new AssertionError("said ready, but the API answered " + api + " and /health/ready " + health);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void deleteRecursively(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (var paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}

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

    private ServerProcess(Process process, URI root) {
        this.process = process;
        this.root = root;
    }

    /** Starts the server with its data in {@code data} and {@code config} as system properties, and waits until it is ready. */
    static ServerProcess start(Path data, int port, Map<String, String> config) throws IOException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-DCHAT_DATA_DIR=" + data));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", System.getProperty("payara.microJar"), "--nocluster", "--port", String.valueOf(port),
                "--contextroot", "/", "--deploy", System.getProperty("it.war")));
        Files.createDirectories(data);
        var process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolveSibling(data.getFileName() + "-server.log").toFile())).start();
        var server = new ServerProcess(process, URI.create("http://127.0.0.1:" + port + "/"));
        FakeOpenAi.await(server::ready, Duration.ofSeconds(180), "Payara Micro ready");
        return server;
    }

    /** Kills the server as a crash would: no shutdown hooks, no flushing. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Payara Micro exited with " + process.exitValue());
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(root.resolve("health/ready")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
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

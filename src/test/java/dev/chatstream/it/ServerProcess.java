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
 * Payara Micro or WildFly run by the test itself on the WAR under test, for what Arquillian cannot
 * do: kill and restart a server, start one on another database, or run another server product.
 * Its log goes next to its data folder.
 */
final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    final URI root;
    /** Readiness: on Payara under the application's port, on WildFly under the management interface's. */
    final URI health;
    private final Path log;
    private final long logStart;

    private ServerProcess(Process process, URI root, URI health, Path log, long logStart) {
        this.process = process;
        this.root = root;
        this.health = health;
        this.log = log;
        this.logStart = logStart;
    }

    /**
     * Starts the server with its data in {@code data} and {@code config} as system properties, and
     * waits until it prints that it is ready; from that moment on it must serve requests.
     */
    static ServerProcess start(Path data, int port, Map<String, String> config) throws IOException {
        return ready(launch(data, port, config));
    }

    private static ServerProcess ready(ServerProcess server) throws IOException {
        try {
            server.awaitLog("chatstream ready at", Duration.ofSeconds(180));
            server.assertServing();
            return server;
        } catch (RuntimeException | Error | IOException e) {
            server.process.descendants().forEach(ProcessHandle::destroyForcibly);
            server.process.destroyForcibly();
            throw e;
        }
    }

    /**
     * The WAR as built, dropped into the WildFly that the build unpacked and configured
     * ({@code wildfly.home}), started with {@code standalone-microprofile.xml}, {@code config} as
     * system properties, on the ports the build reserved ({@code it.port.wildfly*}).
     */
    static ServerProcess startWildFly(Path data, Map<String, String> config) throws IOException {
        Path home = Path.of(System.getProperty("wildfly.home"));
        Path deployments = home.resolve("standalone/deployments");
        try (var old = Files.list(deployments)) {
            for (Path file : old.filter(path -> path.getFileName().toString().startsWith("chatstream.war")).toList()) {
                Files.delete(file);
            }
        }
        Files.copy(Path.of(System.getProperty("it.war")), deployments.resolve("chatstream.war"));
        int port = Integer.getInteger("it.port.wildfly");
        int management = Integer.getInteger("it.port.wildfly.management");
        var command = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(), "-c", "standalone-microprofile.xml",
                "-Djboss.http.port=" + port, "-Djboss.https.port=" + Integer.getInteger("it.port.wildfly.https"),
                "-Djboss.management.http.port=" + management,
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-DCHAT_DATA_DIR=" + data));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        var builder = new ProcessBuilder(command);
        // the script passes SIGTERM on to the server and waits for it, as a service manager would have it
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return ready(started(builder, data, URI.create("http://127.0.0.1:" + port + "/"),
                URI.create("http://127.0.0.1:" + management + "/health/ready")));
    }

    /** Starts the server and returns at once, while it is still starting. */
    static ServerProcess launch(Path data, int port, Map<String, String> config) throws IOException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-DCHAT_DATA_DIR=" + data));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", System.getProperty("payara.microJar"), "--nohazelcast", "--port", String.valueOf(port),
                "--prebootcommandfile", Path.of("server-config/pre-boot-commands.asadmin").toAbsolutePath().toString(),
                "--contextroot", "/", "--deploy", System.getProperty("it.war")));
        var root = URI.create("http://127.0.0.1:" + port + "/");
        return started(new ProcessBuilder(command), data, root, root.resolve("health/ready"));
    }

    private static ServerProcess started(ProcessBuilder command, Path data, URI root, URI health) throws IOException {
        Files.createDirectories(data);
        Path log = data.resolveSibling(data.getFileName() + "-server.log");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        var process = command.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new ServerProcess(process, root, health, log, logStart);
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
            throw new IllegalStateException("the server exited with " + process.exitValue() + ", see " + log);
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
            int ready = HTTP.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (api != 401 || ready != 200) {
                throw new AssertionError("said ready, but the API answered " + api + " and " + health + " " + ready);
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

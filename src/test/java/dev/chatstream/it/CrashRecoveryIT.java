package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A server killed mid-stream and started again, its search index lost: the index is rebuilt from
 * the database, the user's message is there, the answer is interrupted with the text of its last
 * checkpoint, and the thread takes the next send. Arquillian cannot kill and restart a server, so
 * this test runs Payara Micro itself, on the same WAR.
 */
class CrashRecoveryIT extends FakeUpstreamTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aKilledServerLosesNothingTheUserSent() throws Exception {
        Path data = Path.of(System.getProperty("it.war")).getParent().resolve("crash-data");
        deleteRecursively(data);
        int port = Integer.getInteger("it.port.crash");
        URI root = URI.create("http://127.0.0.1:" + port + "/");

        Process server = start(data, port, root);
        Api api = Api.admin(root, data, "acme");
        assertEquals(201, api.post("api/kb/collections", Map.of("slug", "crash", "name", "Crash")).status());
        String document = api.post("api/kb/collections/crash/documents", Map.of("title", "Parking",
                "content", "Visitors park in garage B on level two.", "contentType", "text/plain")).json().path("document").path("id").asText();
        FakeOpenAi.await(() -> "indexed".equals(api.get("api/kb/collections/crash/documents/" + document).json()
                .path("document").path("status").asText()), Duration.ofSeconds(30), "the document indexed");
        String thread = api.createThread();
        String content = "crash " + UUID.randomUUID() + " tokens:300 pace:40";
        var stream = api.open("POST", "api/chat/threads/" + thread + "/messages/stream", Map.of("content", content), Map.of());
        stream.await(frame -> "ai_response".equals(frame.type()));
        FakeOpenAi.await(() -> lastMessage(api, thread).path("content").asText().startsWith("t0 t1 t2 "), Duration.ofSeconds(10),
                "a checkpoint");
        String checkpointed = lastMessage(api, thread).path("content").asText();
        server.destroyForcibly().waitFor();
        deleteRecursively(data.resolve("index"));

        server = start(data, port, root);
        try {
            var results = api.get("api/kb/collections/crash/search?q=" + java.net.URLEncoder.encode("Where do visitors park?",
                    java.nio.charset.StandardCharsets.UTF_8)).json().path("results");
            assertEquals(document, results.path(0).path("documentId").asText(), "the lost search index was rebuilt from the database");
            var messages = api.get("api/chat/threads/" + thread + "/messages").json().path("messages");
            assertEquals(2, messages.size());
            assertEquals(content, messages.get(0).path("content").asText(), "the user's message survived");
            JsonNode answer = messages.get(1);
            assertEquals("interrupted", answer.path("status").asText());
            assertTrue(answer.path("content").asText().startsWith(checkpointed), answer.toString());
            assertTrue(api.get("api/chat/threads/" + thread).json().path("thread").path("activeRunId").isNull());
            assertEquals(200, api.post("api/chat/threads/" + thread + "/messages", Map.of("content", "still there?")).status());
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private static Process start(Path data, int port, URI root) throws Exception {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = List.of(java, "-Xmx512m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-DCHAT_DATA_DIR=" + data, "-DCHAT_PROVIDER=openai", "-DOPENAI_API_KEY=test-key",
                "-DOPENAI_BASE_URL=http://127.0.0.1:" + Integer.getInteger("fake.upstream.port") + "/v1",
                "-DCHAT_RUN_CHECKPOINT_SECONDS=1",
                "-jar", System.getProperty("payara.microJar"), "--nocluster", "--port", String.valueOf(port),
                "--contextroot", "/", "--deploy", System.getProperty("it.war"));
        Files.createDirectories(data);
        var server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolveSibling("crash-server.log").toFile())).start();
        FakeOpenAi.await(() -> ready(root), Duration.ofSeconds(180), "Payara Micro ready");
        return server;
    }

    private static boolean ready(URI root) {
        try {
            return HTTP.send(HttpRequest.newBuilder(root.resolve("health/ready")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode lastMessage(Api api, String thread) {
        var messages = api.get("api/chat/threads/" + thread + "/messages").json().path("messages");
        return messages.get(messages.size() - 1);
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (var paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}

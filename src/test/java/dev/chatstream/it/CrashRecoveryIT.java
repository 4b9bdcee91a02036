package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A server killed mid-stream and mid-ingestion and started again, its search index lost: the index
 * is rebuilt from the database, the document being read is marked failed, the user's message is
 * there, the answer is interrupted with the text of its last checkpoint, and the thread takes the
 * next send. Stopped (not killed) while it embeds, it shuts down instead of crashing. Arquillian cannot kill and restart a server, so this test runs Payara Micro itself,
 * on the same WAR.
 */
class CrashRecoveryIT extends FakeUpstreamTest {

    @Test
    void aKilledServerLosesNothingTheUserSent() throws Exception {
        Path data = Path.of(System.getProperty("it.war")).getParent().resolve("crash-data");
        ServerProcess.deleteRecursively(data);
        int port = Integer.getInteger("it.port.crash");
        var config = Map.of("CHAT_PROVIDER", "openai", "OPENAI_API_KEY", "test-key",
                "OPENAI_BASE_URL", "http://127.0.0.1:" + Integer.getInteger("fake.upstream.port") + "/v1",
                "CHAT_RUN_CHECKPOINT_SECONDS", "1");

        // A first start embeds the sample collection; stopped just then, the server shuts down instead of
        // dying (ONNX Runtime's own shutdown hook freed the model's native environment under the
        // running inference: SIGSEGV, exit 134).
        var first = ServerProcess.launch(data, port, config);
        first.awaitLog("Loaded the sample collection", Duration.ofSeconds(180));
        first.stop();

        var server = ServerProcess.start(data, port, config);
        Api api = Api.admin(server.root, data, "acme");
        String document;
        String thread;
        String content = "crash " + UUID.randomUUID() + " tokens:300 pace:40";
        String checkpointed;
        String interrupted;
        try {
            assertEquals(201, api.post("api/kb/collections", Map.of("slug", "crash", "name", "Crash")).status());
            document = api.post("api/kb/collections/crash/documents", Map.of("title", "Parking",
                    "content", "Visitors park in garage B on level two.", "contentType", "text/plain")).json().path("document").path("id").asText();
            api.awaitDocument("crash", document, "indexed");
            thread = api.createThread();
            var stream = api.open("POST", "api/chat/threads/" + thread + "/messages/stream", Map.of("content", content), Map.of());
            stream.await(frame -> "ai_response".equals(frame.type()));
            FakeOpenAi.await(() -> lastMessage(api, thread).path("content").asText().startsWith("t0 t1 t2 "), Duration.ofSeconds(10),
                    "a checkpoint");
            checkpointed = lastMessage(api, thread).path("content").asText();
            // a document of some 400 chunks, seconds of embedding, still being read at the kill
            String paragraph = String.join(" ", Collections.nCopies(10, "Visitors sign in at reception, wear a badge and are escorted."));
            interrupted = api.post("api/kb/collections/crash/documents", Map.of("title", "Handbook",
                    "content", String.join("\n\n", Collections.nCopies(400, paragraph)))).json().path("document").path("id").asText();
            assertEquals("pending", api.get("api/kb/collections/crash/documents/" + interrupted).json().path("document").path("status").asText());
        } finally {
            server.kill();
        }
        ServerProcess.deleteRecursively(data.resolve("index"));

        try (var restarted = ServerProcess.start(data, port, config)) {
            var results = api.get("api/kb/collections/crash/search?q=" + URLEncoder.encode("Where do visitors park?",
                    StandardCharsets.UTF_8)).json().path("results");
            assertEquals(document, results.path(0).path("documentId").asText(), "the lost search index was rebuilt from the database");
            var stopped = api.get("api/kb/collections/crash/documents/" + interrupted).json().path("document");
            assertEquals("failed", stopped.path("status").asText(), "a document being read at the kill does not stay pending");
            assertTrue(stopped.path("error").asText().contains("upload it again"), stopped.toString());
            var messages = api.get("api/chat/threads/" + thread + "/messages").json().path("messages");
            assertEquals(2, messages.size());
            assertEquals(content, messages.get(0).path("content").asText(), "the user's message survived");
            JsonNode answer = messages.get(1);
            assertEquals("interrupted", answer.path("status").asText());
            assertTrue(answer.path("content").asText().startsWith(checkpointed), answer.toString());
            assertTrue(api.get("api/chat/threads/" + thread).json().path("thread").path("activeRunId").isNull());
            assertEquals(200, api.post("api/chat/threads/" + thread + "/messages", Map.of("content", "still there?")).status());
        }
    }

    private static JsonNode lastMessage(Api api, String thread) {
        var messages = api.get("api/chat/threads/" + thread + "/messages").json().path("messages");
        return messages.get(messages.size() - 1);
    }
}

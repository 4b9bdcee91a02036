package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The product on PostgreSQL, the production database: the migrations, a streamed answer stored
 * with its citations, ingestion and search, a workflow thread, and deletion. Runs where
 * CHAT_IT_POSTGRES_URL names an empty database to use (`.ci/run` installs and starts
 * PostgreSQL and sets it, with CHAT_IT_POSTGRES_USER and CHAT_IT_POSTGRES_PASSWORD).
 */
@EnabledIfEnvironmentVariable(named = "CHAT_IT_POSTGRES_URL", matches = ".+")
class PostgresIT extends FakeUpstreamTest {

    /**
     * The database CHAT_IT_POSTGRES_URL names, emptied, as the server's DB_* settings; empty
     * where none is named.
     */
    static Map<String, String> emptyDatabase() throws java.sql.SQLException {
        String url = System.getenv("CHAT_IT_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            return Map.of();
        }
        String user = System.getenv().getOrDefault("CHAT_IT_POSTGRES_USER", "chatstream");
        String password = System.getenv().getOrDefault("CHAT_IT_POSTGRES_PASSWORD", "");
        try (var connection = DriverManager.getConnection(url, user, password); var statement = connection.createStatement()) {
            statement.execute("drop schema public cascade");
            statement.execute("create schema public");
        }
        return Map.of("DB_URL", url, "DB_USER", user, "DB_PASSWORD", password);
    }

    @Test
    void theProductRunsOnPostgres() throws Exception {
        Path data = Path.of(System.getProperty("it.war")).getParent().resolve("postgres-data");
        ServerProcess.deleteRecursively(data);
        var config = new java.util.HashMap<>(emptyDatabase());
        config.putAll(Map.of("CHAT_PROVIDER", "openai", "OPENAI_API_KEY", "test-key",
                "OPENAI_BASE_URL", "http://127.0.0.1:" + Integer.getInteger("fake.upstream.port") + "/v1"));

        try (var server = ServerProcess.start(data, Integer.getInteger("it.port.postgres"), config)) {
            Api admin = Api.admin(server.root, data, "acme");
            assertEquals(201, admin.post("api/kb/collections", Map.of("slug", "garage", "name", "Garage")).status());
            String document = admin.post("api/kb/collections/garage/documents", Map.of("title", "Parking", "url", "https://intranet/parking",
                    "content", "Visitors park in garage B on level two.", "contentType", "text/plain")).json().path("document").path("id").asText();
            FakeOpenAi.await(() -> "indexed".equals(admin.get("api/kb/collections/garage/documents/" + document).json()
                    .path("document").path("status").asText()), Duration.ofSeconds(30), "the document indexed");
            var results = admin.get("api/kb/collections/garage/search?q=" + URLEncoder.encode("Where do visitors park?", StandardCharsets.UTF_8))
                    .json().path("results");
            assertEquals(document, results.path(0).path("documentId").asText(), results.toString());
            assertEquals("https://intranet/parking", results.path(0).path("url").asText());

            String thread = admin.post("api/chat/threads", Map.of("collection", "garage")).json().path("thread").path("id").asText();
            String question = "Where do visitors park? " + UUID.randomUUID() + " tokens:5";
            var stream = admin.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", question));
            assertTrue(stream.types().indexOf("citations") < stream.types().indexOf("ai_response"), stream.types().toString());
            var messages = admin.get("api/chat/threads/" + thread + "/messages").json().path("messages");
            assertEquals(question, messages.get(0).path("content").asText());
            assertEquals("t0 t1 t2 t3 t4", messages.get(1).path("content").asText().trim());
            assertEquals(document, messages.get(1).path("citations").path(0).path("documentId").asText(), messages.toString());

            var workflow = admin.post("api/chat/threads", Map.of("workflow", "project-intake"));
            assertEquals(201, workflow.status(), workflow.raw().body());
            String workflowThread = workflow.json().path("thread").path("id").asText();
            assertEquals(200, admin.post("api/chat/threads/" + workflowThread + "/messages", Map.of("content", "Ada, engineering")).status());
            assertEquals(1, admin.get("api/chat/threads/" + workflowThread).json().path("thread").path("workflow").path("step").path("index").asInt(),
                    "the workflow advanced");

            assertEquals(204, admin.delete("api/kb/collections/garage/documents/" + document).status());
            assertEquals(0, admin.get("api/kb/collections/garage/search?q=visitors").json().path("results").size());
        }
    }
}

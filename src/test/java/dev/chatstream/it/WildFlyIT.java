package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The WAR as {@code mvn package} builds it, unchanged, on WildFly from Maven Central (unpacked
 * and configured with {@code server-config/wildfly.cli} by the build), black-box over HTTP: the
 * groups of tests the Payara server runs, with the same settings, against the same fake upstream.
 * Where the build is given a PostgreSQL ({@link Postgres}, as on CI) WildFly runs on it, else on
 * H2; the Payara servers run on H2. The database layer (pool, Hibernate, Flyway, the drivers) is
 * the WAR's own, the same on either server, so this run is the product's check on PostgreSQL.
 */
class WildFlyIT extends FakeUpstreamTest {

    /** The Payara servers' signing key, so that the groups' tokens (signed with it) are valid here too. */
    private static final List<String> KEY_FILES = List.of("dev-jwt-private.pem", "dev-jwt-public.pem");

    static ServerProcess wildfly;

    @BeforeAll
    static void startWildFly() throws IOException, java.sql.SQLException {
        Path shared = Path.of(System.getProperty("it.dataDir"));
        Path data = shared.resolveSibling("it-data-wildfly");
        ServerProcess.deleteRecursively(data);
        copyKey(shared, data);
        var settings = settings();
        settings.putAll(Postgres.emptyDatabase());
        wildfly = ServerProcess.startWildFly(data, settings);
        copyKey(data, shared);
    }

    @AfterAll
    static void stopWildFly() throws InterruptedException {
        if (wildfly != null) {
            wildfly.close();
        }
    }

    /** The openai test server's settings (the build's {@code it.openai.settings}). */
    private static Map<String, String> settings() {
        var settings = new LinkedHashMap<String, String>();
        settings.put("OPENAI_BASE_URL", "http://127.0.0.1:" + Integer.getInteger("fake.upstream.port") + "/v1");
        for (String option : System.getProperty("it.openai.settings").trim().split("\\s+")) {
            int equals = option.indexOf('=');
            settings.put(option.substring(2, equals), option.substring(equals + 1));
        }
        return settings;
    }

    private static void copyKey(Path from, Path to) throws IOException {
        if (KEY_FILES.stream().allMatch(file -> Files.exists(from.resolve(file)))) {
            Files.createDirectories(to);
            for (String file : KEY_FILES) {
                Files.copy(from.resolve(file), to.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void thePagesAreServedWithTheirPolicyAndTheLibrariesFromTheWar() {
        var anonymous = Api.as(wildflyUrl(), null);
        var page = anonymous.get("");
        assertEquals(200, page.status());
        assertTrue(page.raw().body().contains("<cs-chat-app>"), page.raw().body());
        assertTrue(page.header("Content-Security-Policy").startsWith("default-src 'self'"), page.header("Content-Security-Policy"));
        assertEquals(200, anonymous.get("ui/libs.js").status());
        var widget = anonymous.get("widget.js");
        assertEquals(200, widget.status());
        assertEquals("*", widget.header("Access-Control-Allow-Origin"));
    }

    @Test
    void theGaugesAreInMicrometersRegistryUnderTheirNames() {
        String metrics = Api.as(wildflyUrl(), null).get(Servers.metrics(wildfly.root).toString()).raw().body();
        for (String gauge : List.of("chatstream_runs_active", "chatstream_run_subscribers", "chatstream_upstream_connections")) {
            assertTrue(metrics.matches("(?s).*\\n" + gauge + "\\{[^}]*} [0-9.]+\\n.*"), gauge + " in " + metrics);
        }
    }

    @Test
    void anUploadedPdfIsIndexedFoundAndCitedInAGroundedAnswer() throws Exception {
        var admin = Api.member(wildflyUrl(), "org-" + UUID.randomUUID(), 10, true);
        assertEquals(201, admin.post("api/kb/collections", Map.of("slug", "travel", "name", "Travel")).status());
        var upload = admin.upload("api/kb/collections/travel/documents", "expenses.pdf", "application/pdf",
                KnowledgeCases.pdf("Travel expenses above 500 euros need the approval of the department head."),
                Map.of("title", "Expense rules"));
        assertEquals(202, upload.status(), upload.raw().body());
        String document = upload.json().path("document").path("id").asText();
        admin.awaitDocument("travel", document, "indexed");
        var results = admin.get("api/kb/collections/travel/search?q=" + URLEncoder.encode("Who approves travel expenses?",
                StandardCharsets.UTF_8)).json().path("results");
        assertEquals(document, results.path(0).path("documentId").asText(), results.toString());

        String thread = admin.post("api/chat/threads", Map.of("collection", "travel")).json().path("thread").path("id").asText();
        var stream = admin.stream("api/chat/threads/" + thread + "/messages/stream",
                Map.of("content", "Who approves travel expenses over 500 euros? " + UUID.randomUUID()));
        assertEquals(document, stream.first("citations").data().path("citations").path(0).path("documentId").asText(),
                stream.body());
        var answer = admin.get("api/chat/threads/" + thread + "/messages").json().path("messages").get(1);
        assertEquals(document, answer.path("citations").path(0).path("documentId").asText(), answer.toString());

        assertEquals(204, admin.delete("api/kb/collections/travel/documents/" + document).status());
        assertEquals(0, admin.get("api/kb/collections/travel/search?q=expenses").json().path("results").size(),
                "a deleted document is gone from the index");
    }

    private static java.net.URL wildflyUrl() {
        return Servers.of("wildfly");
    }

    @Nested
    class ThreadsApi extends ThreadsApiCases {
        @Override
        String server() {
            return "wildfly";
        }
    }

    @Nested
    class Streaming extends StreamingCases {
        @Override
        String server() {
            return "wildfly";
        }
    }

    @Nested
    class RunLifecycle extends RunLifecycleCases {
        @Override
        String server() {
            return "wildfly";
        }
    }

    @Nested
    class Workflows extends WorkflowCases {
        @Override
        String server() {
            return "wildfly";
        }
    }

    @Nested
    class Widget extends WidgetCases {
        @Override
        String server() {
            return "wildfly";
        }
    }

    @Nested
    class AiTasks extends AiTasksCases {
        @Override
        String server() {
            return "wildfly";
        }
    }

    @Nested
    class QuickChat extends QuickChatCases {
        @Override
        String server() {
            return "wildfly";
        }
    }
}

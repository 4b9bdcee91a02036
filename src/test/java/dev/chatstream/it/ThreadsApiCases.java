package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Threads and messages over HTTP: the resources, ownership, authentication, validation and paging. */
abstract class ThreadsApiCases extends ServerCases {

    @Override
    String server() {
        return "openai";
    }

    @Test
    void threadLifecycle() {
        var api = Api.newUser(deployment, "acme");
        var created = api.post("api/chat/threads", Map.of("title", "Quarterly plan"));
        assertEquals(201, created.status());
        JsonNode thread = created.json().path("thread");
        String id = thread.path("id").asText();
        assertTrue(created.header("Location").endsWith("/api/chat/threads/" + id), created.header("Location"));
        assertEquals("Quarterly plan", thread.path("title").asText());
        for (String field : List.of("collection", "workflow", "activeRunId")) {
            assertTrue(thread.has(field) && thread.get(field).isNull(), field + " should be present and null: " + thread);
        }
        assertTrue(thread.path("createdAt").asText().endsWith("Z"));
        assertEquals(thread.path("createdAt"), thread.path("updatedAt"));

        assertEquals(thread, api.get("api/chat/threads/" + id).json().path("thread"));

        var renamed = api.patch("api/chat/threads/" + id, Map.of("title", "Q3 plan"));
        assertEquals(200, renamed.status());
        assertEquals("Q3 plan", renamed.json().path("thread").path("title").asText());
        assertEquals("Q3 plan", api.get("api/chat/threads").json().path("threads").get(0).path("title").asText());

        api.post("api/chat/threads/" + id + "/messages", Map.of("content", "remember me"));
        assertEquals(204, api.delete("api/chat/threads/" + id).status());
        assertProblem(api.get("api/chat/threads/" + id), 404);
        assertProblem(api.get("api/chat/threads/" + id + "/messages"), 404);
        assertEquals(0, api.get("api/chat/threads").json().path("threads").size());
    }

    @Test
    void createWithoutBodyGivesAnUntitledThread() {
        var api = Api.newUser(deployment, "acme");
        var created = api.send("POST", "api/chat/threads", null, Map.of());
        assertEquals(201, created.status());
        assertTrue(created.json().path("thread").path("title").isNull());
    }

    @Test
    void anotherUsersThreadIsNotFound() {
        var owner = Api.newUser(deployment, "acme");
        String id = owner.createThread();
        String sub = "user-" + UUID.randomUUID();
        var stranger = Api.as(deployment, Api.token(Map.of("sub", sub, "org_id", "acme")));
        var sameSubOtherOrg = Api.as(deployment, Api.token(Map.of("sub", sub, "org_id", "globex")));
        for (var other : List.of(stranger, sameSubOtherOrg)) {
            assertProblem(other.get("api/chat/threads/" + id), 404);
            assertProblem(other.patch("api/chat/threads/" + id, Map.of("title", "mine now")), 404);
            assertProblem(other.delete("api/chat/threads/" + id), 404);
            assertProblem(other.get("api/chat/threads/" + id + "/messages"), 404);
            assertProblem(other.post("api/chat/threads/" + id + "/messages", Map.of("content", "hi")), 404);
            assertEquals(404, other.stream("api/chat/threads/" + id + "/messages/stream", Map.of("content", "hi")).status());
            assertEquals(0, other.get("api/chat/threads").json().path("threads").size());
        }
        assertEquals(200, owner.get("api/chat/threads/" + id).status());
        assertEquals(0, owner.get("api/chat/threads/" + id + "/messages").json().path("messages").size(),
                "a stranger's send must not store anything");
    }

    @Test
    void missingOrBadTokensAre401() {
        var anonymous = Api.as(deployment, null);
        var reply = anonymous.get("api/chat/threads");
        assertProblem(reply, 401);
        assertEquals("Bearer", reply.header("WWW-Authenticate"));
        assertProblem(Api.as(deployment, "not-a-jwt").get("api/chat/threads"), 401);
        String valid = Api.token(Map.of("sub", "mallory", "org_id", "acme"));
        String forged = valid.substring(0, valid.lastIndexOf('.') + 1) + "AAAA" + valid.substring(valid.lastIndexOf('.') + 5);
        assertProblem(Api.as(deployment, forged).get("api/chat/threads"), 401);
        String expired = Api.token(Map.of("sub", "mallory", "org_id", "acme",
                "iat", 1_000_000_000L, "exp", 1_000_000_600L));
        assertProblem(Api.as(deployment, expired).post("api/chat/threads", Map.of()), 401);
        assertEquals(401, anonymous.stream("api/chat/threads/x/messages/stream", Map.of("content", "hi")).status());
    }

    @Test
    void invalidInputIs400Or413() {
        var api = Api.newUser(deployment, "acme");
        String id = api.createThread();
        String messages = "api/chat/threads/" + id + "/messages";
        assertProblem(api.post(messages, "{\"content\": "), 400);
        assertProblem(api.post(messages, Map.of("content", "   ")), 400);
        assertProblem(api.post(messages, Map.of()), 400);
        assertProblem(api.send("POST", messages, null, Map.of()), 400);
        assertProblem(api.post(messages, Map.of("content", "x".repeat(2001))), 413);
        assertEquals(413, api.stream(messages + "/stream", Map.of("content", "x".repeat(2001))).status());
        assertEquals(400, api.stream(messages + "/stream", Map.of("content", "")).status());
        assertProblem(api.post("api/chat/threads", Map.of("workflow", "no-such-workflow")), 400);
        assertProblem(api.patch("api/chat/threads/" + id, Map.of()), 400);
        assertProblem(api.get("api/chat/threads?limit=0"), 400);
        assertProblem(api.get("api/chat/threads?cursor=!!!"), 400);
        assertProblem(api.get(messages + "?before=bm90LWEtY3Vyc29y"), 400);
        assertEquals(0, api.get(messages).json().path("messages").size(), "rejected sends store nothing");
    }

    @Test
    void threadsPageNewestFirst() {
        var api = Api.newUser(deployment, "acme");
        var created = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            created.add(api.createThread());
        }
        var seen = new ArrayList<String>();
        String cursor = null;
        int pages = 0;
        do {
            var page = api.get("api/chat/threads?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.path("threads").forEach(thread -> seen.add(thread.path("id").asText()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        var newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, seen);
    }

    @Test
    void messagesPageBackwardsInChronologicalPages() {
        var api = Api.newUser(deployment, "acme");
        String id = api.createThread();
        String messages = "api/chat/threads/" + id + "/messages";
        for (String text : List.of("one", "two", "three")) {
            assertEquals(200, api.post(messages, Map.of("content", text)).status());
        }
        var first = api.get(messages + "?limit=4").json();
        assertEquals(List.of("two", "You said: two", "three", "You said: three"), contents(first));
        assertEquals(List.of("user", "assistant", "user", "assistant"), roles(first));
        var second = api.get(messages + "?limit=4&before=" + first.path("nextCursor").asText()).json();
        assertEquals(List.of("one", "You said: one"), contents(second));
        assertTrue(second.path("nextCursor").isNull());
        var all = api.get(messages).json();
        assertEquals(6, all.path("messages").size());
        assertTrue(all.path("nextCursor").isNull());
        assertEquals(new HashSet<>(contents(all)).size(), 6);
    }

    @Test
    void healthIsReadyWhenTheDatabaseAnswers() {
        var reply = Api.as(deployment, null).get(health());
        assertEquals(200, reply.status());
        assertEquals("UP", reply.json().path("status").asText());
    }

    @Test
    void titlesAreRequiredForARenameAndAtMost500Characters() {
        var api = Api.newUser(deployment, "acme");
        assertProblem(api.post("api/chat/threads", Map.of("title", "x".repeat(501))), 400);
        String id = api.post("api/chat/threads", Map.of("title", "x".repeat(500))).json().path("thread").path("id").asText();
        assertProblem(api.patch("api/chat/threads/" + id, Map.of("title", "y".repeat(501))), 400);
        assertProblem(api.patch("api/chat/threads/" + id, Map.of()), 400);
        assertEquals("x".repeat(500), api.get("api/chat/threads/" + id).json().path("thread").path("title").asText());
    }

    @Test
    void docsServeSwaggerUiOverTheOpenApiDocument() {
        var anonymous = Api.as(deployment, null);
        var page = anonymous.get("docs/");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
        var bundle = java.util.regex.Pattern.compile("src=\"\\.\\./(webjars/swagger-ui/[^\"]+/swagger-ui-bundle\\.js)\"")
                .matcher(page.raw().body());
        assertTrue(bundle.find(), page.raw().body());
        assertTrue(page.raw().body().contains("url: \"../openapi\""));
        var script = anonymous.get(bundle.group(1));
        assertEquals(200, script.status(), "the Swagger UI bundle is served from its webjar");
        assertTrue(script.raw().body().length() > 100_000);
        var openapi = anonymous.get("openapi");
        assertEquals(200, openapi.status());
        assertTrue(openapi.raw().body().contains("/api/chat/threads"), "the document the page shows lists the API");
        for (String path : List.of("/api/chat/stream:", "/api/chat-history/{sessionId}:", "/api/stream/chat:", "/api/stream/chat-get:",
                "/api/stream/sse:", "/api/flows/ask:", "/api/ai/refine-description-stream:", "/api/ai/estimate-points-stream:",
                "/api/ai/breakdown-issue-stream:", "/api/ai/refine-description:", "/api/ai/estimate-points:", "/api/ai/breakdown-issue:",
                "/api/ai/results:")) {
            assertTrue(openapi.raw().body().contains(path), "the docs list " + path);
        }
        assertTrue(openapi.raw().body().contains("securitySchemes") && openapi.raw().body().contains("scheme: bearer"),
                "the page's Authorize button takes a bearer token: " + openapi.raw().body().substring(0, 400));
    }

    static List<String> contents(JsonNode page) {
        var out = new ArrayList<String>();
        page.path("messages").forEach(message -> out.add(message.path("content").asText()));
        return out;
    }

    static List<String> roles(JsonNode page) {
        var out = new ArrayList<String>();
        page.path("messages").forEach(message -> out.add(message.path("role").asText()));
        return out;
    }

    static void assertProblem(Api.Reply reply, int status) {
        assertEquals(status, reply.status(), reply.raw().body());
        assertEquals("application/problem+json", reply.header("Content-Type").split(";")[0], reply.raw().body());
        assertNotNull(reply.json(), reply.raw().body());
        assertEquals(status, reply.json().path("status").asInt(), reply.raw().body());
        assertTrue(reply.json().path("title").isTextual());
        assertTrue(!reply.raw().body().contains("Exception") && !reply.raw().body().contains("\tat "),
                "no stack traces: " + reply.raw().body());
    }
}

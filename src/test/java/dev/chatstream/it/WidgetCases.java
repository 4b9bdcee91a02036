package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 000's surface (the widget's anonymous Q&A) against the fake OpenAI: the seed's frames
 * exactly, public collections only, sessions and their history, the per-client limit and CORS.
 * The server trusts 127.0.0.1 as a proxy (arquillian.xml), so each test is a client of its own
 * through X-Forwarded-For.
 */
abstract class WidgetCases extends ServerCases {

    private static final String PARKING = "Visitors park in the north garage on level two. Employees get a parking badge "
            + "from reception. The garage closes at 22:00.";

    @Override
    String server() {
        return "openai";
    }

    private Api anonymous;
    private String slug;
    private Map<String, String> client;

    /** A public collection of its own with the parking document indexed, and a client address of its own. */
    @BeforeEach
    void publicCollection() {
        anonymous = Api.as(deployment, null);
        slug = "acme-help-" + UUID.randomUUID().toString().substring(0, 8);
        client = Map.of("X-Forwarded-For", "203.0.113." + (1 + (int) (Math.random() * 250)) + ", 198.51.100."
                + (1 + (int) (Math.random() * 250)));
        var admin = Api.member(deployment, "org-" + UUID.randomUUID(), 0, true);
        assertEquals(201, admin.post("api/kb/collections", Map.of("slug", slug, "name", "ACME help", "public", true)).status());
        String id = admin.post("api/kb/collections/" + slug + "/documents", Map.of("title", "Parking", "url", "https://acme.example/parking",
                "content", PARKING)).json().path("document").path("id").asText();
        admin.awaitDocument(slug, id, "indexed");
    }

    @Test
    void aPublicCollectionAnswersInTheSeedsFramesAndTheSessionKeepsTheConversation() {
        String session = "session_" + UUID.randomUUID();
        var stream = ask(Map.of("tokenSlug", slug, "question", "Where do visitors park?", "sessionId", session));

        assertEquals(200, stream.status(), stream.body());
        assertEquals("text/event-stream", stream.raw().headers().firstValue("Content-Type").orElse("").split(";")[0]);
        // data lines only, no id or event fields; the keep-alive comment may come between them
        assertOnlyFrames(stream.body(), "data: \\{[^\n]+}", "only data lines");
        var frames = stream.events();
        assertEquals("{\"type\":\"status\",\"message\":\"Searching for relevant information...\"}", frames.get(0).event().toString());
        assertEquals("{\"type\":\"status\",\"message\":\"Found 1 relevant sources. Generating answer...\"}",
                frames.get(1).event().toString());
        var content = frames.subList(2, frames.size() - 2);
        var text = new StringBuilder();
        for (var frame : content) {
            assertEquals(List.of("type", "data"), Api.fieldNames(frame.event()));
            assertEquals("content", frame.type());
            text.append(frame.event().path("data").asText());
        }
        assertEquals("You said: Where do visitors park?", text.toString());
        var citations = frames.get(frames.size() - 2).event();
        assertEquals("citations", citations.path("type").asText());
        JsonNode source = citations.path("data").get(0);
        assertEquals(List.of("title", "url", "snippet", "score"), Api.fieldNames(source));
        assertEquals("Parking", source.path("title").asText());
        assertEquals("https://acme.example/parking", source.path("url").asText());
        assertTrue(PARKING.startsWith(source.path("snippet").asText().replace("…", "").strip()), source.toString());
        assertTrue(source.path("score").asDouble() >= 0.7);
        assertEquals("{\"type\":\"done\"}", frames.get(frames.size() - 1).event().toString());

        var second = ask(Map.of("tokenSlug", slug, "question", "When does the garage close?", "sessionId", session, "language", "vi"));
        assertEquals("{\"type\":\"done\"}", second.events().get(second.events().size() - 1).event().toString(), second.body());
        var request = upstream.call("When does the garage close?").request;
        assertTrue(request.path("messages").get(0).path("content").asText().contains("Answer in Vietnamese."), request.toString());
        assertTrue(request.toString().contains("Where do visitors park?"), "the session's earlier turn is in the prompt");

        var history = anonymous.get("api/chat-history/" + session + "?tokenSlug=" + slug);
        assertEquals(200, history.status(), history.raw().body());
        var messages = history.json().path("messages");
        assertEquals(4, messages.size(), messages.toString());
        assertEquals("user", messages.get(0).path("role").asText());
        assertEquals("Where do visitors park?", messages.get(0).path("content").asText());
        assertEquals("assistant", messages.get(1).path("role").asText());
        assertEquals("You said: Where do visitors park?", messages.get(1).path("content").asText());
        assertEquals(source, messages.get(1).path("citations").get(0));
        assertTrue(messages.get(1).path("timestamp").isTextual());

        assertEquals(204, anonymous.delete("api/chat-history/" + session + "?tokenSlug=" + slug).status());
        assertEquals("{\"messages\":[]}", anonymous.get("api/chat-history/" + session + "?tokenSlug=" + slug).json().toString());
    }

    @Test
    void nothingOverMinScoreIsTheSeedsErrorWithoutCallingTheProvider() {
        String marker = UUID.randomUUID().toString();
        var stream = ask(Map.of("tokenSlug", slug, "question", "What is the CEO's favourite colour? " + marker));
        assertEquals(List.of("{\"type\":\"status\",\"message\":\"Searching for relevant information...\"}",
                        "{\"type\":\"error\",\"message\":\"No relevant information found for this question.\"}",
                        "{\"type\":\"done\"}"),
                stream.events().stream().map(frame -> frame.event().toString()).toList());
        assertTrue(upstream.calls().stream().noneMatch(call -> call.marker.contains(marker)), "no provider call");
    }

    @Test
    void upstreamFaultsAreTheSeedsErrorThenDone() {
        for (String fault : List.of("fault:500", "fault:429", "fault:cut pace:20", "fault:silence")) {
            var stream = ask(Map.of("tokenSlug", slug, "question", "Where do visitors park? " + fault));
            var frames = stream.events();
            assertEquals("{\"type\":\"done\"}", frames.get(frames.size() - 1).event().toString(), fault + ": " + stream.body());
            var error = frames.get(frames.size() - 2).event();
            assertEquals(List.of("type", "message"), Api.fieldNames(error), fault);
            assertEquals("error", error.path("type").asText());
            assertFalse(frames.stream().anyMatch(frame -> "citations".equals(frame.type())), "no citations for a failed answer");
        }
    }

    @Test
    void onlyPublicCollectionsAnswerAndAMissingOneLooksTheSame() throws Exception {
        var admin = Api.member(deployment, "org-" + UUID.randomUUID(), 0, true);
        String internal = "internal-" + UUID.randomUUID().toString().substring(0, 8);
        admin.post("api/kb/collections", Map.of("slug", internal, "name", "Internal"));
        var closed = ask(Map.of("tokenSlug", internal, "question", "Where do visitors park?"));
        var missing = ask(Map.of("tokenSlug", "no-such-" + UUID.randomUUID(), "question", "Where do visitors park?"));
        assertEquals(404, closed.status());
        assertEquals(missing.status(), closed.status());
        assertEquals(Api.JSON.readTree(missing.body()).path("detail"), Api.JSON.readTree(closed.body()).path("detail"));
        assertEquals(404, anonymous.get("api/chat-history/s1?tokenSlug=" + internal).status());

        var taken = admin.post("api/kb/collections", Map.of("slug", slug, "name", "Ours too", "public", true));
        assertEquals(409, taken.status(), "a public slug names one collection across organisations");
        assertEquals(201, admin.post("api/kb/collections", Map.of("slug", slug, "name", "Ours, private")).status());

        for (var bad : List.<Map<String, Object>>of(Map.of("tokenSlug", slug, "question", " "), Map.of("tokenSlug", slug),
                Map.of("question", "Where do visitors park?"), Map.of("tokenSlug", slug, "question", "hi", "sessionId", "no spaces allowed"),
                Map.of("tokenSlug", slug, "question", 7))) {
            var refused = ask(bad);
            assertEquals(400, refused.status(), bad + " -> " + refused.body());
            assertTrue(refused.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        }
    }

    @Test
    void eachClientAsksAtMostFiveQuestionsAMinutePerCollection() {
        for (int i = 0; i < 5; i++) {
            assertEquals(200, ask(Map.of("tokenSlug", slug, "question", "Who is the CEO? " + i)).status());
        }
        var limited = ask(Map.of("tokenSlug", slug, "question", "Who is the CEO? 6"));
        assertEquals(429, limited.status(), limited.body());
        assertTrue(Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow()) > 0);

        String proxied = client.get("X-Forwarded-For");
        String spoofed = "192.0.2." + (1 + (int) (Math.random() * 250)) + ", " + proxied;
        assertEquals(429, anonymous.stream("api/chat/stream", Map.of("tokenSlug", slug, "question", "Who?"),
                Map.of("X-Forwarded-For", spoofed), frame -> false).status(), "what the client put left of its address does not count");
        assertEquals(200, anonymous.stream("api/chat/stream", Map.of("tokenSlug", slug, "question", "Who?"),
                Map.of("X-Forwarded-For", "203.0.113.251, 198.51.100.251"), frame -> false).status(), "another client");
    }

    @Test
    void theWidgetIsOpenToAnySiteAndTheApiOnlyToItsConfiguredOrigins() {
        var preflight = anonymous.send("OPTIONS", "api/chat/stream", null, Map.of("Origin", "https://shop.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"));
        assertEquals(204, preflight.status());
        assertEquals("*", preflight.header("Access-Control-Allow-Origin"));
        assertTrue(preflight.header("Access-Control-Allow-Methods").contains("POST"));
        assertTrue(preflight.header("Access-Control-Allow-Headers").contains("Content-Type"));
        assertNull(preflight.header("Access-Control-Allow-Credentials"));
        var asked = anonymous.stream("api/chat/stream", Map.of("tokenSlug", slug, "question", "Where do visitors park?"),
                merged(client, Map.of("Origin", "https://shop.example")), frame -> false);
        assertEquals("*", asked.raw().headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals("*", anonymous.send("OPTIONS", "api/chat-history/s1?tokenSlug=" + slug, null, Map.of("Origin", "https://shop.example",
                "Access-Control-Request-Method", "DELETE")).header("Access-Control-Allow-Origin"));

        var app = anonymous.send("OPTIONS", "api/chat/threads", null, Map.of("Origin", "https://app.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, idempotency-key"));
        assertEquals(204, app.status());
        assertEquals("https://app.example", app.header("Access-Control-Allow-Origin"));
        assertEquals("Origin", app.header("Vary"));
        for (String header : List.of("Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID")) {
            assertTrue(app.header("Access-Control-Allow-Headers").contains(header), header);
        }
        var user = Api.newUser(deployment, "acme");
        var created = user.send("POST", "api/chat/threads", Map.of("title", "cors"), Map.of("Origin", "https://app.example"));
        assertEquals(201, created.status());
        assertEquals("https://app.example", created.header("Access-Control-Allow-Origin"));
        assertEquals("Location, Retry-After", created.header("Access-Control-Expose-Headers"));

        var shop = anonymous.send("OPTIONS", "api/chat/threads", null, Map.of("Origin", "https://shop.example",
                "Access-Control-Request-Method", "GET"));
        assertEquals(403, shop.status(), "the authenticated API is not open to every site");
        assertNull(shop.header("Access-Control-Allow-Origin"));
        assertNull(user.send("GET", "api/chat/threads", null, Map.of("Origin", "https://shop.example")).header("Access-Control-Allow-Origin"));
    }

    private Api.Stream ask(Map<String, ?> body) {
        return anonymous.stream("api/chat/stream", body, client, frame -> false);
    }

    private static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
        var all = new java.util.HashMap<>(a);
        all.putAll(b);
        return all;
    }
}

package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Seed 001's surface (multi-provider streaming) against the fake OpenAI: its chunk frames exactly,
 * the provider chosen per request, access_token for EventSource, the demo stream and flows/ask.
 */
abstract class QuickChatCases extends ServerCases {

    /** The server's log: the openai container logs to payara-openai.log (arquillian.xml), which Payara numbers. */
    static String serverLog() throws java.io.IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            var logs = files.filter(file -> file.getFileName().toString().startsWith("payara-openai.log")).toList();
            assertFalse(logs.isEmpty(), "the server logs to payara-openai.log*");
            var text = new StringBuilder();
            for (var file : logs) {
                text.append(Files.readString(file));
            }
            return text.toString();
        }
    }

    @Override
    String server() {
        return "openai";
    }

    @Test
    void postStreamsTheSeedsChunkFramesAndKeepsTheExchange() {
        var api = Api.newUser(deployment, "acme");
        String input = "hello chunks " + UUID.randomUUID();
        var stream = api.stream("api/stream/chat", Map.of("user_input", input));

        assertEquals(200, stream.status());
        assertEquals("text/event-stream", stream.raw().headers().firstValue("Content-Type").orElse("").split(";")[0]);
        // data lines only, no ids; the keep-alive comment may come between them
        assertOnlyFrames(stream.body(), "data: \\{[^\n]+}", "only data lines, no ids");
        var frames = stream.events();
        var tokens = FakeOpenAi.tokens(input);
        assertEquals(tokens.size() + 1, frames.size());
        for (int i = 0; i < tokens.size(); i++) {
            assertEquals(List.of("chunk", "done"), Api.fieldNames(frames.get(i).event()));
            assertEquals(tokens.get(i), frames.get(i).event().path("chunk").asText());
            assertFalse(frames.get(i).event().path("done").asBoolean());
        }
        var last = frames.get(frames.size() - 1).event();
        assertEquals("{\"chunk\":\"\",\"done\":true}", last.toString());

        var thread = api.get("api/chat/threads").json().path("threads").get(0);
        assertEquals(input, thread.path("title").asText());
        var messages = api.get("api/chat/threads/" + thread.path("id").asText() + "/messages").json().path("messages");
        assertEquals(input, messages.get(0).path("content").asText());
        assertEquals("You said: " + input, messages.get(1).path("content").asText());
        assertEquals("openai", messages.get(1).path("metadata").path("provider").asText());
        assertTrue(messages.get(1).path("metadata").path("usage").path("outputTokens").asInt() > 0);
    }

    @Test
    void theProviderIsChosenPerRequest() {
        var api = Api.newUser(deployment, "acme");
        var builtin = api.stream("api/stream/chat", Map.of("user_input", "what is two plus two", "provider", "builtin"));
        var frames = builtin.events();
        assertTrue(frames.size() > 2, builtin.body());
        assertEquals("{\"chunk\":\"\",\"done\":true}", frames.get(frames.size() - 1).event().toString());
        String thread = api.get("api/chat/threads").json().path("threads").get(0).path("id").asText();
        var answer = api.get("api/chat/threads/" + thread + "/messages").json().path("messages").get(1);
        assertEquals("builtin", answer.path("metadata").path("provider").asText());

        var unconfigured = api.stream("api/stream/chat", Map.of("user_input", "hello gemini", "provider", "gemini"));
        assertEquals(200, unconfigured.status());
        assertEquals(1, unconfigured.events().size(), unconfigured.body());
        var error = unconfigured.events().get(0).event();
        assertEquals(List.of("error", "done"), Api.fieldNames(unconfigured.events().get(0).event()));
        assertTrue(error.path("error").asText().contains("GEMINI_API_KEY is not set"), error.toString());
        assertTrue(error.path("done").asBoolean());
    }

    @Test
    void badRequestsAreProblemsBeforeAnyStreamAndStoreNothing() {
        var api = Api.newUser(deployment, "acme");
        for (var body : List.<Object>of(Map.of("user_input", "hi", "provider", "mistral"), Map.of("user_input", "  "),
                Map.of("provider", "openai"), Map.of("user_input", 42))) {
            var refused = api.stream("api/stream/chat", body);
            assertEquals(400, refused.status(), body + " -> " + refused.body());
            assertTrue(refused.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        }
        assertEquals(413, api.stream("api/stream/chat", Map.of("user_input", "x".repeat(2001))).status());
        assertEquals(0, api.get("api/chat/threads").json().path("threads").size(), "a refused input leaves no thread");
        assertEquals(401, Api.as(deployment, null).stream("api/stream/chat", Map.of("user_input", "hi")).status());
    }

    @Test
    void upstreamFaultsEndWithTheSeedsErrorFrame() {
        var api = Api.newUser(deployment, "acme");
        for (String fault : List.of("fault:500", "fault:429", "fault:cut pace:20", "fault:silence")) {
            var stream = api.stream("api/stream/chat", Map.of("user_input", fault + " " + UUID.randomUUID()));
            var frames = stream.events();
            var last = frames.get(frames.size() - 1);
            assertEquals(List.of("error", "done"), Api.fieldNames(last.event()), fault + ": " + stream.body());
            assertTrue(last.event().path("done").asBoolean());
            assertFalse(last.event().path("error").asText().isBlank());
            frames.subList(0, frames.size() - 1).forEach(frame -> assertEquals(List.of("chunk", "done"), Api.fieldNames(frame.event())));
        }
    }

    @Test
    void eventSourceGetTakesTheTokenFromTheQueryAndNeverLogsIt() throws Exception {
        var user = Api.newUser(deployment, "acme");
        var anonymous = Api.as(deployment, null);
        String input = "hello from an EventSource " + UUID.randomUUID();
        String query = "?user_input=" + URLEncoder.encode(input, StandardCharsets.UTF_8) + "&access_token=" + user.token();
        var stream = anonymous.open("GET", "api/stream/chat-get" + query, null, Map.of()).end();
        assertEquals(200, stream.status());
        var frames = stream.events();
        assertEquals(FakeOpenAi.tokens(input).size() + 1, frames.size());
        assertTrue(frames.get(frames.size() - 1).event().path("done").asBoolean());

        String forged = user.token().substring(0, user.token().length() - 4) + "AAAA";
        var refused = anonymous.open("GET", "api/stream/chat-get?user_input=hi&access_token=" + forged, null, Map.of()).end();
        assertEquals(401, refused.status());
        assertFalse(refused.body().contains(forged), "the refusal does not echo the token");
        assertEquals(401, anonymous.post("api/stream/chat?access_token=" + user.token(), Map.of("user_input", "hi")).status(),
                "only EventSource's GETs take a token in the query");
        assertEquals(401, anonymous.get("api/chat/threads?access_token=" + user.token()).status());

        String metrics = anonymous.get("metrics").raw().body();
        assertFalse(metrics.contains(user.token()) || metrics.contains(forged), "no token in a metric label");
        String log = serverLog();
        assertTrue(log.contains("Payara Micro"), "the log is the server's");
        assertFalse(log.contains(user.token()) || log.contains(forged), "no token in the server log");
    }

    @Test
    void aBrowsersEventSourceRejoinsARunWithTheTokenInTheQuery() {
        var api = Api.newUser(deployment, "acme");
        String thread = api.createThread();
        var stream = api.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "rejoin me " + UUID.randomUUID()));
        String runId = stream.first("connected").data().path("runId").asText();
        String events = "api/chat/threads/" + thread + "/runs/" + runId + "/events?access_token=" + api.token();
        var replay = Api.as(deployment, null).open("GET", events, null, Map.of("Last-Event-ID", runId + ":2")).end();
        assertEquals(200, replay.status(), replay.body());
        assertEquals(stream.events().subList(2, stream.events().size()).stream().map(Api.Frame::id).toList(),
                replay.events().stream().map(Api.Frame::id).toList(), "everything after the last id seen, once");
        assertEquals(404, Api.newUser(deployment, "acme").open("GET", "api/chat/threads/" + thread + "/runs/" + runId
                + "/events?access_token=" + Api.newUser(deployment, "acme").token(), null, Map.of()).end().status());
    }

    @Test
    void theDemoStreamSendsAFewFramesASecondApartThenDone() {
        var api = Api.newUser(deployment, "acme");
        var stream = Api.as(deployment, null).open("GET", "api/stream/sse?access_token=" + api.token(), null, Map.of()).end();
        var frames = stream.events();
        assertEquals(6, frames.size(), String.valueOf(frames));
        assertEquals("Event 1 of 5", frames.get(0).event().path("chunk").asText());
        assertEquals("{\"chunk\":\"\",\"done\":true}", frames.get(5).event().toString());
        long spread = TimeUnit.NANOSECONDS.toMillis(frames.get(5).receivedNanos() - frames.get(0).receivedNanos());
        assertTrue(spread >= 4500, "five intervals of a second: " + spread + " ms");
    }

    @Test
    void askAnswersWholeOrWithThePrimaryApisProblems() {
        var api = Api.newUser(deployment, "acme");
        String input = "ask me " + UUID.randomUUID();
        var reply = api.post("api/flows/ask", Map.of("user_input", input));
        assertEquals(200, reply.status(), reply.raw().body());
        assertEquals("{\"response\":\"You said: " + input + "\"}", reply.json().toString());

        assertEquals(502, api.post("api/flows/ask", Map.of("user_input", "fault:500 " + UUID.randomUUID())).status());
        var limited = api.post("api/flows/ask", Map.of("user_input", "fault:429 " + UUID.randomUUID()));
        assertEquals(503, limited.status());
        assertEquals("7", limited.header("Retry-After"));
        assertEquals(504, api.post("api/flows/ask", Map.of("user_input", "fault:silence " + UUID.randomUUID())).status());
        assertEquals(503, api.post("api/flows/ask", Map.of("user_input", "hi", "provider", "anthropic")).status());
        assertEquals(400, api.post("api/flows/ask", Map.of("user_input", "hi", "provider", "nope")).status());
        assertEquals(401, Api.as(deployment, null).post("api/flows/ask", Map.of("user_input", "hi")).status());
    }
}

package dev.chatstream.streaming.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatstream.platform.Json;
import dev.chatstream.streaming.entity.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The hand-written delta frame is the one JSON-B writes, character for character. */
class EventJsonTest {

    static final Instant AT = Instant.parse("2026-12-02T10:00:00.123Z");

    @Test
    void deltasAreRenderedAsJsonbRendersThem() {
        var every = new StringBuilder();
        for (char c = 0; c < 0x100; c++) {
            every.append(c);
        }
        for (String content : new String[] {"", "Hello", " world.", every.toString(), "\u2028\u2029 é 😀 </script> \uFFFF",
                "quote \" backslash \\ slash /", "\ud800 lone surrogate"}) {
            var delta = new StreamEvent.AiDelta("m-1\"", content);
            String viaJsonb = "{\"type\":\"ai_response\",\"data\":" + Json.JSONB.toJson(delta)
                    + ",\"timestamp\":\"2026-12-02T10:00:00.123Z\"}";
            assertEquals(viaJsonb, EventJson.render(delta, AT));
        }
    }

    @Test
    void aFrameIsItsIdLineAndOneDataLine() {
        var delta = new StreamEvent.AiDelta("m", "a\nb");
        var frame = EventJson.frame("run", 7, delta, AT);
        assertEquals("id: run:7\ndata: " + EventJson.render(delta, AT) + "\n", new String(frame.sse(), StandardCharsets.UTF_8));
        assertEquals(2, new String(frame.sse(), StandardCharsets.UTF_8).split("\n").length, "one data line");
    }

    @Test
    void timestampsAreMillisecondsInUtcWhateverTheSecond() {
        for (String at : new String[] {"2026-12-02T10:00:00.000Z", "2026-12-02T10:00:00.007Z", "2026-12-02T10:00:00.999Z",
                "2026-12-02T10:00:01.050Z", "2026-12-31T23:59:59.120Z", "2026-12-02T10:00:00.340Z"}) {
            String json = EventJson.render(new StreamEvent.Status("s"), Instant.parse(at));
            assertEquals(at, json.substring(json.indexOf("\"timestamp\":\"") + 13, json.length() - 2));
        }
    }

    @Test
    void aSeedsDeltaFrameIsTheJsonAParserReadsBack() {
        var text = new StringBuilder();
        for (char c = 0; c < 256; c++) {
            text.append(c);
        }
        text.append("\u2028 \uD83D\uDE00 \"quoted\" \\");
        String line = new String(SseDialect.deltaFrame("{\"chunk\":", text.toString(), ",\"done\":false}"),
                java.nio.charset.StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTrue(line.startsWith("data: ") && line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1);
        try (var reader = dev.chatstream.platform.Json.JSON_P.createReader(new java.io.StringReader(line.substring(6)))) {
            var object = reader.readObject();
            org.junit.jupiter.api.Assertions.assertEquals(text.toString(), object.getString("chunk"));
            org.junit.jupiter.api.Assertions.assertFalse(object.getBoolean("done"));
        }
    }
}

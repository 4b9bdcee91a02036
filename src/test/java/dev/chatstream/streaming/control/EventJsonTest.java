package dev.chatstream.streaming.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatstream.shared.Usage;
import dev.chatstream.streaming.entity.StreamEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void deltaHasTheContractsShapeAndMillisecondTimestamp() {
        assertEquals("{\"type\":\"ai_response\",\"data\":{\"content\":\"Hel\\\"lo\\n\",\"isComplete\":false,\"messageId\":\"m1\"},"
                        + "\"timestamp\":\"2026-11-21T10:00:00.000Z\"}",
                EventJson.render(new StreamEvent.AiDelta("m1", "Hel\"lo\n"), AT));
    }

    @Test
    void nullsAreWrittenNotDropped() {
        String json = EventJson.render(new StreamEvent.Metadata("m1", "openai", "gpt", Usage.of(null, null), null, 5L, "stop"), AT);
        assertEquals("{\"type\":\"metadata\",\"data\":{\"finishReason\":\"stop\",\"latencyMs\":5,\"messageId\":\"m1\",\"model\":\"gpt\","
                + "\"provider\":\"openai\",\"ttftMs\":null,\"usage\":{\"inputTokens\":null,\"outputTokens\":null,\"totalTokens\":null}},"
                + "\"timestamp\":\"2026-11-21T10:00:00.000Z\"}", json);
    }
}

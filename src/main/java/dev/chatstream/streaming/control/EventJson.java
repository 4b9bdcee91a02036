package dev.chatstream.streaming.control;

import dev.chatstream.platform.Json;
import dev.chatstream.streaming.entity.Frame;
import dev.chatstream.streaming.entity.StreamEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** An event's one data line: {@code {"type":…,"data":…,"timestamp":…}}, type first for readers. */
final class EventJson {

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EventJson() {
    }

    /** The event as frame {@code seq} of run {@code runId}. */
    static Frame frame(String runId, long seq, StreamEvent event, Instant at) {
        return Frame.of(seq, runId + ":" + seq, event, render(event, at));
    }

    static String render(StreamEvent event, Instant at) {
        var json = new StringBuilder(160).append("{\"type\":\"").append(event.type()).append("\",\"data\":");
        if (event instanceof StreamEvent.AiDelta delta) {
            // most frames are deltas: written here as JSON-B would write them (its member order,
            // its escapes; a test compares the two), without JSON-B's reflection per token
            json.append("{\"content\":");
            quote(delta.content(), json);
            json.append(",\"isComplete\":").append(delta.isComplete()).append(",\"messageId\":");
            quote(delta.messageId(), json);
            json.append('}');
        } else {
            json.append(Json.JSONB.toJson(event));
        }
        return json.append(",\"timestamp\":\"").append(MILLIS.format(at)).append("\"}").toString();
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

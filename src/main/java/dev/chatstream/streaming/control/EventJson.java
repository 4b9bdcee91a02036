package dev.chatstream.streaming.control;

import dev.chatstream.platform.Json;
import dev.chatstream.streaming.entity.Frame;
import dev.chatstream.streaming.entity.StreamEvent;
import java.nio.charset.StandardCharsets;
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

    /** The timestamp up to its milliseconds, for the second of the frames being rendered now. */
    private record SecondPrefix(long epochSecond, String text) {
    }

    private static volatile SecondPrefix second = new SecondPrefix(Long.MIN_VALUE, "");

    /** The event as frame {@code seq} of run {@code runId}: its id line and its one data line. */
    static Frame frame(String runId, long seq, StreamEvent event, Instant at) {
        String id = runId + ":" + seq;
        var lines = new StringBuilder(200).append("id: ").append(id).append("\ndata: ");
        render(event, at, lines);
        return new Frame(seq, id, event, lines.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }

    static String render(StreamEvent event, Instant at) {
        var json = new StringBuilder(160);
        render(event, at, json);
        return json.toString();
    }

    private static void render(StreamEvent event, Instant at, StringBuilder json) {
        json.append("{\"type\":\"").append(event.type()).append("\",\"data\":");
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
        json.append(",\"timestamp\":\"");
        timestamp(at, json);
        json.append("\"}");
    }

    /** As {@link #MILLIS} formats it; the part up to the second is formatted once a second. */
    private static void timestamp(Instant at, StringBuilder out) {
        var prefix = second;
        if (prefix.epochSecond() != at.getEpochSecond()) {
            String formatted = MILLIS.format(at);
            prefix = new SecondPrefix(at.getEpochSecond(), formatted.substring(0, formatted.length() - 4));
            second = prefix;
        }
        int millis = at.getNano() / 1_000_000;
        out.append(prefix.text()).append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10)).append('Z');
    }

    /** {@code text} as a JSON string, escaped as JSON-B escapes it. */
    static void quote(String text, StringBuilder out) {
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

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

    private EventJson() {
    }

    /** The event as frame {@code seq} of run {@code runId}. */
    static Frame frame(String runId, long seq, StreamEvent event, Instant at) {
        return new Frame(seq, runId + ":" + seq, event, render(event, at));
    }

    static String render(StreamEvent event, Instant at) {
        return "{\"type\":\"" + event.type() + "\",\"data\":" + Json.JSONB.toJson(event)
                + ",\"timestamp\":\"" + MILLIS.format(at) + "\"}";
    }
}

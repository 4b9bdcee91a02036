package dev.chatstream.streaming.entity;

import java.nio.charset.StandardCharsets;

/**
 * An event as it goes out: its SSE id ({@code runId:seq}), its JSON, and its SSE lines as bytes,
 * rendered once however many subscribers read it (the sink ends each frame with the blank line).
 */
public record Frame(long seq, String id, StreamEvent event, String json, byte[] sse) {

    public static Frame of(long seq, String id, StreamEvent event, String json) {
        return new Frame(seq, id, event, json, ("id: " + id + "\ndata: " + json + "\n").getBytes(StandardCharsets.UTF_8));
    }
}

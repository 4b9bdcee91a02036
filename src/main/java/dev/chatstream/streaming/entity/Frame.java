package dev.chatstream.streaming.entity;

/**
 * An event as it goes out: its SSE id ({@code runId:seq}) and its SSE lines as bytes, rendered
 * once however many subscribers read it (the sink ends each frame with the blank line).
 */
public record Frame(long seq, String id, StreamEvent event, byte[] sse) {
}

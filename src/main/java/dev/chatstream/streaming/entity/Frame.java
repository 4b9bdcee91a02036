package dev.chatstream.streaming.entity;

/**
 * An event as it goes out: its SSE id ({@code runId:seq}) and its JSON, rendered once however
 * many subscribers read it.
 */
public record Frame(long seq, String id, StreamEvent event, String json) {
}

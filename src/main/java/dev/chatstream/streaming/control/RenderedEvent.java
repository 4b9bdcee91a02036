package dev.chatstream.streaming.control;

import jakarta.ws.rs.core.MediaType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * An SSE frame's lines already rendered to bytes, sent through {@code SseEventSink} as they are
 * (the sink writes the blank line that ends the frame):
 * {@code RenderedEventWriter} writes the bytes in one call, where Jersey's own event writer looks
 * up a writer for the data and copies it byte by byte on every event.
 */
public final class RenderedEvent implements PlainSseEvent {

    static final RenderedEvent PING = new RenderedEvent(": ping\n".getBytes(StandardCharsets.US_ASCII));

    private final byte[] bytes;

    RenderedEvent(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The frame, byte for byte; never modified. */
    public byte[] bytes() {
        return bytes;
    }

    String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public Class<?> getType() {
        return byte[].class;
    }

    @Override
    public Type getGenericType() {
        return byte[].class;
    }

    @Override
    public MediaType getMediaType() {
        return MediaType.APPLICATION_OCTET_STREAM_TYPE;
    }

    @Override
    public Object getData() {
        return bytes;
    }

    @Override
    public String getComment() {
        return null;
    }

    @Override
    public String getId() {
        return null;
    }

    @Override
    public String getName() {
        return null;
    }
}

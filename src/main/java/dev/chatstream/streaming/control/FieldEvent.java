package dev.chatstream.streaming.control;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * One rendered frame taken apart into the fields of an {@link OutboundSseEvent}, for a JAX-RS
 * runtime whose sink writes every event field by field itself (RESTEasy on WildFly), so that it
 * puts the same lines on the wire as the rendered bytes.
 */
record FieldEvent(String id, String name, String comment, String data) implements PlainSseEvent {

    /** Each frame of {@code text} (frames end with a blank line; the last one's is the sink's). */
    static List<OutboundSseEvent> of(String text) {
        var events = new ArrayList<OutboundSseEvent>();
        for (String frame : text.split("\n\n")) {
            if (!frame.isBlank()) {
                events.add(parse(frame));
            }
        }
        return events;
    }

    private static FieldEvent parse(String frame) {
        String id = null;
        String name = null;
        var comment = new StringBuilder();
        var data = new StringBuilder();
        for (String line : frame.split("\n")) {
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(line.startsWith(": ", colon) ? colon + 2 : colon + 1);
            switch (field) {
                case "" -> append(comment, value);
                case "id" -> id = value;
                case "event" -> name = value;
                case "data" -> append(data, value);
                default -> throw new IllegalArgumentException("not a field of a rendered frame: " + field);
            }
        }
        return new FieldEvent(id, name, comment.isEmpty() ? null : comment.toString(), data.isEmpty() ? null : data.toString());
    }

    private static void append(StringBuilder lines, String value) {
        if (!lines.isEmpty()) {
            lines.append('\n');
        }
        lines.append(value);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getComment() {
        return comment;
    }

    @Override
    public Object getData() {
        return data;
    }

    @Override
    public Class<?> getType() {
        return String.class;
    }

    @Override
    public Type getGenericType() {
        return String.class;
    }

    @Override
    public MediaType getMediaType() {
        return MediaType.TEXT_PLAIN_TYPE;
    }
}

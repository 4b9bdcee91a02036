package dev.chatstream.streaming.boundary;

import dev.chatstream.streaming.control.RenderedEvent;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/** Writes a pre-rendered SSE frame in one call; the sink flushes it. */
@Provider
@Produces(MediaType.SERVER_SENT_EVENTS)
public class RenderedEventWriter implements MessageBodyWriter<RenderedEvent> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == RenderedEvent.class;
    }

    @Override
    public void writeTo(RenderedEvent event, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        out.write(event.bytes());
    }
}

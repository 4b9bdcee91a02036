package dev.chatstream.problems.boundary;

import dev.chatstream.platform.Json;
import dev.chatstream.problems.control.ProblemException;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads every JSON request body (a record) strictly: a member of the wrong JSON type is a 400
 * naming it, never coerced (JSON-B would store {@code false} as the text "false"), and a body
 * over {@code CHAT_MAX_BODY_BYTES} is a 413 read no further than that. Then JSON-B maps the
 * checked object as usual.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class StrictJsonReader implements MessageBodyReader<Record> {

    /** Read at the first request: when JAX-RS builds its providers the application's configuration may not be the current one yet. */
    private volatile int maxBytes;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.isRecord();
    }

    @Override
    public Record readFrom(Class<Record> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        int maxBytes = maxBytes();
        byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw ProblemException.tooLarge("The body is over " + maxBytes + " bytes");
        }
        if (blank(bytes)) {
            return null;
        }
        JsonValue value;
        try (var reader = Json.JSON_P.createReader(new ByteArrayInputStream(bytes))) {
            value = reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw ProblemException.badRequest("The body is not valid JSON");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ProblemException.badRequest("The body must be a JSON object");
        }
        check(type, value.asJsonObject());
        return Json.JSONB.fromJson(new ByteArrayInputStream(bytes), type);
    }

    private int maxBytes() {
        if (maxBytes == 0) {
            maxBytes = ConfigProvider.getConfig().getValue("CHAT_MAX_BODY_BYTES", Integer.class);
        }
        return maxBytes;
    }

    private static boolean blank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static void check(Class<?> type, JsonObject object) {
        for (RecordComponent component : type.getRecordComponents()) {
            var property = component.getAccessor().getAnnotation(JsonbProperty.class);
            String name = property == null ? component.getName() : property.value();
            JsonValue member = object.get(name);
            if (member != null && member.getValueType() != JsonValue.ValueType.NULL && !fits(component.getType(), member)) {
                throw ProblemException.badRequest(name + " must be " + expected(component.getType()));
            }
        }
    }

    private static boolean fits(Class<?> type, JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> type == String.class;
            case TRUE, FALSE -> type == Boolean.class || type == boolean.class;
            case NUMBER -> isInteger(type) ? ((jakarta.json.JsonNumber) value).isIntegral() : Number.class.isAssignableFrom(box(type));
            default -> false;
        };
    }

    private static boolean isInteger(Class<?> type) {
        return type == Integer.class || type == int.class || type == Long.class || type == long.class;
    }

    private static Class<?> box(Class<?> type) {
        return type == double.class ? Double.class : type == float.class ? Float.class : type;
    }

    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return isInteger(type) ? "an integer" : "a number";
    }
}

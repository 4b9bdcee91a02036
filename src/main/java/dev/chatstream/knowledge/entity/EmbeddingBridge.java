package dev.chatstream.knowledge.entity;

import java.util.Base64;
import org.hibernate.search.mapper.pojo.bridge.ValueBridge;
import org.hibernate.search.mapper.pojo.bridge.runtime.ValueBridgeFromIndexedValueContext;
import org.hibernate.search.mapper.pojo.bridge.runtime.ValueBridgeToIndexedValueContext;

/** A chunk's stored embedding (Base64 of float32s) as the float vector the index searches. */
public class EmbeddingBridge implements ValueBridge<String, float[]> {

    @Override
    public float[] toIndexedValue(String value, ValueBridgeToIndexedValueContext context) {
        return value == null ? null : Vectors.floats(Base64.getDecoder().decode(value));
    }

    @Override
    public String fromIndexedValue(float[] value, ValueBridgeFromIndexedValueContext context) {
        return value == null ? null : Base64.getEncoder().encodeToString(Vectors.bytes(value));
    }
}

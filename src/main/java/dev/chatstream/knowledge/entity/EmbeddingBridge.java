package dev.chatstream.knowledge.entity;

import org.hibernate.search.mapper.pojo.bridge.ValueBridge;
import org.hibernate.search.mapper.pojo.bridge.runtime.ValueBridgeToIndexedValueContext;

/**
 * A chunk's stored embedding as the float vector the index searches. One way only: search reads
 * the vector back from the index as it is ({@code ValueModel.INDEX}), never as the stored text.
 */
public class EmbeddingBridge implements ValueBridge<String, float[]> {

    @Override
    public float[] toIndexedValue(String value, ValueBridgeToIndexedValueContext context) {
        return value == null ? null : Vectors.decode(value);
    }
}

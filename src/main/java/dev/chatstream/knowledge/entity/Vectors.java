package dev.chatstream.knowledge.entity;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** Embedding vectors as stored (Base64 of little-endian float32s) and their cosine similarity. */
public final class Vectors {

    private Vectors() {
    }

    public static String encode(float[] vector) {
        var buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    public static float[] decode(String stored) {
        var buffer = ByteBuffer.wrap(Base64.getDecoder().decode(stored)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        var vector = new float[buffer.remaining()];
        buffer.get(vector);
        return vector;
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }
}

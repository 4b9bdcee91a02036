package dev.chatstream.providers.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A response body as the UTF-8 lines of an event stream, fed in whatever pieces the network
 * gives: a line ends at LF, CRLF or a lone CR, as the SSE format allows, and a character split
 * between two pieces is decoded whole. A line longer than {@code maxLine} bytes fails the body,
 * so that a provider that never ends a line cannot fill the heap.
 */
final class LineDecoder {

    private final int maxLine;
    private final Consumer<String> lines;
    private byte[] line;
    private int length;
    /** The last byte was a CR: an LF right after it ends no second line. */
    private boolean afterCr;

    LineDecoder(int maxLine, Consumer<String> lines) {
        this.maxLine = maxLine;
        this.lines = lines;
        this.line = new byte[Math.min(256, maxLine)];
    }

    void feed(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (b == '\n' && afterCr) {
                afterCr = false;
            } else if (b == '\n' || b == '\r') {
                afterCr = b == '\r';
                emit();
            } else {
                afterCr = false;
                append(b);
            }
        }
    }

    /** The body ended: a last line without its end of line still counts. */
    void finish() {
        if (length > 0) {
            emit();
        }
    }

    private void append(byte b) throws IOException {
        if (length == maxLine) {
            throw new IOException("The provider sent a line longer than " + maxLine + " bytes");
        }
        if (length == line.length) {
            line = Arrays.copyOf(line, Math.min(maxLine, length * 2));
        }
        line[length++] = b;
    }

    private void emit() {
        var text = new String(line, 0, length, StandardCharsets.UTF_8);
        length = 0;
        lines.accept(text);
    }
}

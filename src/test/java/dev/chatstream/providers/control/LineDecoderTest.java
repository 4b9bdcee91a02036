package dev.chatstream.providers.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineDecoderTest {

    private final List<String> lines = new ArrayList<>();
    private final LineDecoder decoder = new LineDecoder(64, lines::add);

    @Test
    void everyEndOfLineTheEventStreamFormatAllowsEndsOneLine() throws IOException {
        feed("data: a\n\ndata: b\r\n\r\ndata: c\r\rdata: d");
        decoder.finish();
        assertEquals(List.of("data: a", "", "data: b", "", "data: c", "", "data: d"), lines);
    }

    @Test
    void aCharacterSplitBetweenTwoPiecesArrivesWhole() throws IOException {
        byte[] bytes = "data: Grüße ✓\n".getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < bytes.length; cut++) {
            lines.clear();
            decoder.feed(ByteBuffer.wrap(Arrays.copyOfRange(bytes, 0, cut)));
            decoder.feed(ByteBuffer.wrap(Arrays.copyOfRange(bytes, cut, bytes.length)));
            assertEquals(List.of("data: Grüße ✓"), lines, "cut at byte " + cut);
        }
    }

    @Test
    void aCrAtTheEndOfOnePieceAndAnLfAtTheStartOfTheNextAreOneEndOfLine() throws IOException {
        feed("data: a\r");
        feed("\ndata: b\n");
        assertEquals(List.of("data: a", "data: b"), lines);
    }

    @Test
    void aLineThatNeverEndsFailsInsteadOfFillingTheHeap() {
        assertThrows(IOException.class, () -> feed("data: " + "x".repeat(100)));
    }

    private void feed(String text) throws IOException {
        decoder.feed(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }
}

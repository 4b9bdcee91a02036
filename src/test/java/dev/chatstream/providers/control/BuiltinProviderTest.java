package dev.chatstream.providers.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BuiltinProviderTest {

    @Test
    void wordsConcatenateBackToTheText() {
        String text = "Two  spaces, a\nnewline and a tail ";
        var words = BuiltinProvider.words(text);
        assertEquals(7, words.size());
        assertEquals(text, String.join("", words));
    }
}

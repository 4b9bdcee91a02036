package dev.chatstream.workflows.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SentenceBoundariesTest {

    private static String first(String text, int n) {
        int end = SentenceBoundaries.endOfSentence(text, n, false);
        return end < 0 ? null : text.substring(0, end);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "It costs 3.14 dollars. Then it rises.|It costs 3.14 dollars.",
            "Use a tool, e.g. a hammer. Then stop.|Use a tool, e.g. a hammer.",
            "Ask Dr. Smith about it. He knows.|Ask Dr. Smith about it.",
            "J. R. Tolkien wrote it. Read it.|J. R. Tolkien wrote it.",
            "Wait... it works. Really.|Wait... it works.",
            "Well… That is it. Fine.|Well…",
            "He said \"Stop.\" Then he left.|He said \"Stop.\"",
            "Really?! Yes. No.|Really?!",
            "Steps:\\n1. Open it.\\n2. Close it.|Steps:",
            "Das kostet ca. 5 Euro. Danach mehr.|Das kostet ca. 5 Euro.",
            "这是第一句。这是第二句。|这是第一句。",
            "Il a dit « Non. » Puis il est parti.|Il a dit « Non. »",
            "It works (mostly.) Then it stops.|It works (mostly.)",
    })
    void findsTheFirstSentence(String text, String sentence) {
        assertEquals(sentence.replace("\\n", "\n"), first(text.replace("\\n", "\n"), 1));
    }

    @Test
    void waitsUntilABoundaryIsCertain() {
        assertEquals(-1, SentenceBoundaries.endOfSentence("First one.", 1, false), "the next sentence has not begun");
        assertEquals(-1, SentenceBoundaries.endOfSentence("First one. ", 1, false));
        assertEquals(10, SentenceBoundaries.endOfSentence("First one.", 1, true));
        assertEquals(-1, SentenceBoundaries.endOfSentence("Pi is 3.", 1, false), "maybe 3.14 is coming");
        assertEquals("One. Two.", first("One. Two. Three.", 2));
    }
}

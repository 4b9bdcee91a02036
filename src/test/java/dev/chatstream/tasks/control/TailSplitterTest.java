package dev.chatstream.tasks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text a reader sees goes out as it comes; only what may start the tail's marker waits. */
class TailSplitterTest {

    @Test
    void theTailIsHeldBackEvenWhenItsMarkerIsSplitAcrossDeltas() {
        var splitter = new TailSplitter();
        var shown = new StringBuilder();
        for (String delta : List.of("Story ", "points: 5.\n", "`", "``js", "on\n{\"suggestedPoints\": 5,", " \"confidence\": 0.8}\n```")) {
            shown.append(splitter.accept(delta));
        }
        shown.append(splitter.finish());
        assertEquals("Story points: 5.\n", shown.toString());
        assertEquals("{\"suggestedPoints\": 5, \"confidence\": 0.8}", splitter.tail());
    }

    @Test
    void aBacktickThatStartsNoTailWaitsOnlyForTheNextDelta() {
        var splitter = new TailSplitter();
        assertEquals("Use ", splitter.accept("Use `"));
        assertEquals("`mvn verify` now", splitter.accept("mvn verify` now"));
        assertEquals("", splitter.accept("``"), "may be the start of the marker");
        assertEquals("``", splitter.finish(), "it was not: shown at the end");
        assertEquals("", splitter.tail());
    }

    @Test
    void anAnswerWithoutATailIsAllText() {
        assertEquals(List.of("Just text.", ""), List.of(TailSplitter.split("Just text.  \n")));
        assertEquals(List.of("Text", "{\"a\": 1}"), List.of(TailSplitter.split("Text\n```json\n{\"a\": 1}\n```\n")));
    }
}

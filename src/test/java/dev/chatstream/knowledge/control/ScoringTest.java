package dev.chatstream.knowledge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScoringTest {

    @Test
    void aQuestionsWordCountsWhereAPassagesWordStartsWithItInAnyForm() {
        var keywords = ProseAnalysis.keywords("What is the dress code for many databases?");
        assertEquals(0.25, Scoring.coverage(keywords, "Errors", "Send the address; an error code follows."),
                "code, not dress in address");
        assertEquals(1.0, Scoring.coverage(keywords, "Policies", "Many teams dress up; each database has a code."),
                "many (stem mani), database (databas), dress, code");
        assertEquals(0.0, Scoring.coverage(ProseAnalysis.keywords("Does it train an AI?"), "", "It maintains details."));
    }
}

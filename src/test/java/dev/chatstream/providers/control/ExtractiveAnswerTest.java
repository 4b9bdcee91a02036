package dev.chatstream.providers.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.providers.entity.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractiveAnswerTest {

    @Test
    void aSentenceThatAnswersInOtherFormsOfTheQuestionsWordsIsChosen() {
        var tests = new Source(1, "README.md › Tests", "A run is one generation. Each run ends with done. A cancelled run keeps its text. "
                + "`mvn verify` runs the unit tests, then the integration tests. Screenshots go to target/screenshots.");
        String answer = ExtractiveAnswer.answer("How do I run the tests?", List.of(tests));
        assertTrue(answer.contains("mvn verify` runs the unit tests, then the integration tests [1]."), answer);
    }

    @Test
    void sentencesStandInSourceOrderWithTheirSourcesNumber() {
        var first = new Source(1, "README.md", "PostgreSQL is supported in production. H2 is the default database.");
        var second = new Source(2, "docs/design.md", "Both databases are migrated by Flyway.");
        assertEquals("PostgreSQL is supported in production [1]. H2 is the default database [1]. Both databases are migrated by Flyway [2].",
                ExtractiveAnswer.answer("Which databases are supported?", List.of(first, second)));
    }

    @Test
    void noSentenceWithAWordOfTheQuestionIsNoAnswer() {
        var source = new Source(1, "README.md", "H2 is the default.");
        assertEquals(ExtractiveAnswer.NO_ANSWER, ExtractiveAnswer.answer("What is the capital of France?", List.of(source)));
    }
}

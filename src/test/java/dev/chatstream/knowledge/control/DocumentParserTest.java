package dev.chatstream.knowledge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentParserTest {

    @Test
    void markdownSectionsFollowHeadingsAndKeepIdentifiers() throws Exception {
        String markdown = """
                # Guide

                Set **CHAT_WORKFLOWS_DIR** to a folder, see [the docs](http://x) and `mvn verify`.

                ```
                # not a heading inside code
                ```

                ## Install
                - first _step_
                """;
        var sections = DocumentParser.parse("text/markdown", markdown.getBytes(StandardCharsets.UTF_8), "doc.md");
        assertEquals(List.of("doc.md › Guide", "doc.md › Guide › Install"), sections.stream().map(Chunker.Section::headingPath).toList());
        assertEquals("Set CHAT_WORKFLOWS_DIR to a folder, see the docs and mvn verify. # not a heading inside code",
                String.join(" ", sections.get(0).paragraphs()));
        assertEquals(List.of("first step"), sections.get(1).paragraphs());
    }
}

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

    @Test
    void codeSpansAndUrlsAreKeptAsWritten() throws Exception {
        String markdown = """
                # Tokens
                Send `Authorization: Bearer bd_live_...`; tokens starting with `bd_test_` reach the sandbox, and `__init__` is _not_ emphasis.
                If the identity provider fails, sign in at `/login?local=1` or https://example.com/a?b=1.Then go on.
                Run [`mvn verify`](#tests).
                """;
        var sections = DocumentParser.parse("text/markdown", markdown.getBytes(StandardCharsets.UTF_8), "api.md");
        var text = Chunker.chunks(sections).get(0).text();
        assertEquals("Send Authorization: Bearer bd_live_...; tokens starting with bd_test_ reach the sandbox, and __init__ is not emphasis. "
                + "If the identity provider fails, sign in at /login?local=1 or https://example.com/a?b=1.Then go on. Run mvn verify.", text);
        assertEquals(List.of("It broke.", "See /a?b=1 now!", "Done"), Sentences.split("It broke. See /a?b=1 now! Done"));
        assertEquals(List.of("第一句。", "第二句。"), Sentences.split("第一句。第二句。"), "a CJK full stop ends a sentence without a space");
    }

    @Test
    void aTableRowBecomesAParagraphThatNamesItsColumns() throws Exception {
        String markdown = """
                # API
                | method and path | body | answer |
                |---|---|---|
                | `POST /threads/{id}/runs/{runId}/cancel` | | 202 |
                | `GET /threads` | | `{"threads"}` |
                After the table.
                """;
        var sections = DocumentParser.parse("text/markdown", markdown.getBytes(StandardCharsets.UTF_8), "doc.md");
        assertEquals(List.of("method and path: POST /threads/{id}/runs/{runId}/cancel; answer: 202.",
                "method and path: GET /threads; answer: {\"threads\"}.", "After the table."), sections.get(0).paragraphs());
    }

    @Test
    void plainTextAndPdfHeadingLinesOpenSections() throws Exception {
        String text = """
                ShipTrack Desk user manual
                Chapter 1. Installing
                It runs on Windows and macOS.
                Connecting a printer
                Choose the ZPL driver. It prints labels.
                A short closing line without a stop
                """;
        var sections = DocumentParser.parse("text/plain", text.getBytes(StandardCharsets.UTF_8), "manual.txt");
        assertEquals(List.of("manual.txt › ShipTrack Desk user manual › Chapter 1. Installing",
                        "manual.txt › ShipTrack Desk user manual › Connecting a printer"),
                sections.stream().map(Chunker.Section::headingPath).toList());
        assertEquals(List.of("Choose the ZPL driver. It prints labels. A short closing line without a stop"), sections.get(1).paragraphs(),
                "a last line with nothing after it is text");
        var plain = DocumentParser.parse("text/plain", "Full-time employees receive 27 days of paid vacation.".getBytes(StandardCharsets.UTF_8), "t");
        assertEquals(List.of("t"), plain.stream().map(Chunker.Section::headingPath).toList());
    }

    @Test
    void textWithoutSpacesIsCutToFitAChunk() {
        String blob = "x".repeat(70_000);
        var chunks = Chunker.chunks(List.of(new Chunker.Section("data.json", List.of(blob))));
        assertEquals(70_000, chunks.stream().mapToInt(chunk -> chunk.text().length()).sum());
        chunks.forEach(chunk -> org.junit.jupiter.api.Assertions.assertTrue(chunk.text().length() <= Chunker.MAX_CHARS));
    }
}

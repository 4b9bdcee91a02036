package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

/** The knowledge base over HTTP, and the builtin provider answering from it, with nothing else configured. */
abstract class KnowledgeCases extends ServerCases {

    @Override
    String server() {
        return "builtin";
    }

    @Test
    void collectionsAndDocumentsPerOrganisation() {
        String org = "org-" + UUID.randomUUID();
        var admin = Api.member(deployment, org, 10, true);
        var reader = Api.member(deployment, org, 0, false);
        // a public slug is unique across organisations, and the data folder may hold earlier runs'
        String slug = "handbook-" + UUID.randomUUID().toString().substring(0, 8);
        var created = admin.post("api/kb/collections", Map.of("slug", slug, "name", "Handbook", "description", "HR", "public", true));
        assertEquals(201, created.status(), created.raw().body());
        assertTrue(created.header("Location").endsWith("/api/kb/collections/" + slug));
        JsonNode collection = created.json().path("collection");
        assertEquals(Map.of("slug", slug, "name", "Handbook", "description", "HR", "public", true, "documentCount", 0),
                Api.JSON.convertValue(collection, Map.class));
        ThreadsApiCases.assertProblem(admin.post("api/kb/collections", Map.of("slug", slug, "name", "again")), 409);
        ThreadsApiCases.assertProblem(admin.post("api/kb/collections", Map.of("slug", "Bad Slug!", "name", "x")), 400);
        ThreadsApiCases.assertProblem(reader.post("api/kb/collections", Map.of("slug", "mine", "name", "x")), 403);

        var added = admin.post("api/kb/collections/" + slug + "/documents", Map.of("title", "Leave policy", "url", "https://intranet/leave",
                "content", "Full-time employees receive 27 days of paid vacation per year.", "contentType", "text/plain"));
        assertEquals(202, added.status(), added.raw().body());
        JsonNode document = added.json().path("document");
        assertEquals("pending", document.path("status").asText());
        JsonNode indexed = admin.awaitDocument(slug, document.path("id").asText(), "indexed");
        assertEquals(1, indexed.path("chunkCount").asInt());
        assertTrue(indexed.path("error").isNull());
        ThreadsApiCases.assertProblem(reader.post("api/kb/collections/" + slug + "/documents", Map.of("title", "x", "content", "y")), 403);

        assertEquals(1, reader.get("api/kb/collections").json().path("collections").get(0).path("documentCount").asInt());
        assertEquals(1, reader.get("api/kb/collections/" + slug + "/documents").json().path("documents").size());
        var again = admin.post("api/kb/collections/" + slug + "/documents", Map.of("title", "Leave policy (copy)",
                "content", "Full-time employees receive 27 days of paid vacation per year.", "contentType", "text/plain"));
        assertEquals(document.path("id"), again.json().path("document").path("id"), "identical content is recognised");

        var results = reader.get("api/kb/collections/" + slug + "/search?q=" + encode("How many vacation days do I get?")).json().path("results");
        assertEquals(1, results.size());
        assertEquals("https://intranet/leave", results.get(0).path("url").asText());
        assertTrue(results.get(0).path("score").asDouble() >= 0.7);
        assertEquals(0, reader.get("api/kb/collections/" + slug + "/search?q=" + encode("Where is the cafeteria?")).json().path("results").size());
        ThreadsApiCases.assertProblem(reader.get("api/kb/collections/" + slug + "/search?q="), 400);
        ThreadsApiCases.assertProblem(reader.get("api/kb/collections/" + slug + "/search?q=x&mode=magic"), 400);

        var stranger = Api.member(deployment, "other-" + UUID.randomUUID(), 10, true);
        ThreadsApiCases.assertProblem(stranger.get("api/kb/collections/" + slug + "/documents"), 404);
        ThreadsApiCases.assertProblem(stranger.get("api/kb/collections/" + slug + "/search?q=vacation"), 404);
        ThreadsApiCases.assertProblem(stranger.get("api/kb/collections/" + slug + "/documents/" + document.path("id").asText()), 404);

        assertEquals(204, admin.delete("api/kb/collections/" + slug + "/documents/" + document.path("id").asText()).status());
        assertEquals(0, reader.get("api/kb/collections/" + slug + "/search?q=" + encode("vacation days")).json().path("results").size(),
                "a deleted document leaves search at once");
        ThreadsApiCases.assertProblem(reader.get("api/kb/collections/" + slug + "/documents/" + document.path("id").asText()), 404);
    }

    @Test
    void pdfHtmlAndMarkdownFollowTheirStructure() throws Exception {
        String org = "org-" + UUID.randomUUID();
        var admin = Api.member(deployment, org, 10, true);
        admin.post("api/kb/collections", Map.of("slug", "docs", "name", "Docs"));

        var pdf = admin.upload("api/kb/collections/docs/documents", "expenses.pdf", "application/pdf",
                pdf("Travel expenses above 500 euros need the approval of the department head."), Map.of("title", "Expense rules"));
        assertEquals(202, pdf.status(), pdf.raw().body());
        assertEquals("application/pdf", pdf.json().path("document").path("contentType").asText());
        admin.awaitDocument("docs", pdf.json().path("document").path("id").asText(), "indexed");

        String html = "<html><body><h1>Security</h1><h2>Encryption</h2><p>All customer data is encrypted at rest with AES-256."
                + "</p><nav>menu</nav></body></html>";
        var page = admin.post("api/kb/collections/docs/documents", Map.of("title", "Trust", "content", html, "contentType", "text/html"));
        admin.awaitDocument("docs", page.json().path("document").path("id").asText(), "indexed");
        var markdown = admin.upload("api/kb/collections/docs/documents", "plans.md", "text/markdown",
                "# Pricing\n\n## Pro\n\nThe **Pro** plan costs 49 dollars per user per month.\n".getBytes(), Map.of());
        admin.awaitDocument("docs", markdown.json().path("document").path("id").asText(), "indexed");

        var approval = admin.get("api/kb/collections/docs/search?q=" + encode("Who approves travel expenses?")).json().path("results");
        assertTrue(approval.get(0).path("snippet").asText().contains("department head"), approval.toString());
        var encryption = admin.get("api/kb/collections/docs/search?q=" + encode("How is customer data encrypted?")).json().path("results");
        assertEquals("Trust › Security › Encryption", encryption.get(0).path("title").asText());
        assertFalse(encryption.get(0).path("snippet").asText().contains("menu"));
        var price = admin.get("api/kb/collections/docs/search?q=" + encode("What does the Pro plan cost?")).json().path("results");
        assertEquals("plans.md › Pricing › Pro", price.get(0).path("title").asText());
        assertEquals("The Pro plan costs 49 dollars per user per month.", price.get(0).path("snippet").asText());

        var broken = admin.upload("api/kb/collections/docs/documents", "broken.pdf", "application/pdf", "not a pdf".getBytes(), Map.of());
        JsonNode failed = admin.awaitDocument("docs", broken.json().path("document").path("id").asText(), "failed");
        assertTrue(failed.path("error").asText().startsWith("Could not read the document"), failed.toString());
    }

    @Test
    void nothingAboveTheCallersClearanceOrFromAnotherOrganisationLeaks() {
        String org = "org-" + UUID.randomUUID();
        var admin = Api.member(deployment, org, 10, true);
        admin.post("api/kb/collections", Map.of("slug", "vault", "name", "Vault"));
        var open = admin.post("api/kb/collections/vault/documents", Map.of("title", "Vault basics",
                "content", "The vault opens at 9 o'clock every weekday.", "securityLevel", 0));
        var secret = admin.post("api/kb/collections/vault/documents", Map.of("title", "Vault code",
                "content", "The vault code is ZEBRA-4471 and changes every Monday.", "securityLevel", 5));
        admin.awaitDocument("vault", open.json().path("document").path("id").asText(), "indexed");
        admin.awaitDocument("vault", secret.json().path("document").path("id").asText(), "indexed");
        var outsider = Api.member(deployment, "other-" + UUID.randomUUID(), 10, true);
        outsider.post("api/kb/collections", Map.of("slug", "vault", "name", "Their vault"));

        var low = Api.member(deployment, org, 0, false);
        for (String query : List.of("What is the vault code?", "ZEBRA-4471", "The vault code is ZEBRA-4471 and changes every Monday.")) {
            for (String mode : List.of("hybrid", "vector", "keyword")) {
                String body = low.get("api/kb/collections/vault/search?minScore=0&topK=50&mode=" + mode + "&q=" + encode(query)).raw().body();
                assertFalse(body.contains("ZEBRA"), mode + " " + query + ": " + body);
                assertFalse(outsider.get("api/kb/collections/vault/search?minScore=0&q=" + encode(query)).raw().body().contains("ZEBRA"));
            }
        }
        assertEquals(1, low.get("api/kb/collections/vault/documents").json().path("documents").size(), "the secret is not listed either");
        ThreadsApiCases.assertProblem(low.get("api/kb/collections/vault/documents/" + secret.json().path("document").path("id").asText()), 404);

        var thread = low.post("api/chat/threads", Map.of("collection", "vault")).json().path("thread").path("id").asText();
        var stream = low.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "What is the vault code? Is it ZEBRA-4471?"));
        String everything = stream.events().toString() + low.get("api/chat/threads/" + thread + "/messages").raw().body();
        assertFalse(everything.replace("Is it ZEBRA-4471?", "").contains("ZEBRA"), everything);

        var high = Api.member(deployment, org, 5, false);
        assertTrue(high.get("api/kb/collections/vault/search?q=" + encode("What is the vault code?")).raw().body().contains("ZEBRA-4471"));
        ThreadsApiCases.assertProblem(low.post("api/chat/threads", Map.of("collection", "no-such-collection")), 400);
    }

    @Test
    void theBuiltinProviderAnswersFromAnUploadedDocumentWithCitations() {
        String org = "org-" + UUID.randomUUID();
        var admin = Api.member(deployment, org, 10, true);
        admin.post("api/kb/collections", Map.of("slug", "policies", "name", "Policies"));
        var document = admin.post("api/kb/collections/policies/documents", Map.of("title", "Parking", "url", "https://intranet/parking",
                "content", "Visitors park in the north garage on level two. Employees get a parking badge from reception. "
                        + "The garage closes at 22:00."));
        admin.awaitDocument("policies", document.json().path("document").path("id").asText(), "indexed");

        String thread = admin.post("api/chat/threads", Map.of("collection", "policies")).json().path("thread").path("id").asText();
        var stream = admin.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "Where do visitors park?"));
        var types = stream.types();
        assertEquals(List.of("connected", "message_saved", "status", "status", "citations"), types.subList(0, 5));
        assertEquals("Searching the knowledge base…", stream.events().get(2).data().path("message").asText());
        assertEquals("Found 1 source", stream.events().get(3).data().path("message").asText());
        assertEquals("ai_response", types.get(5));
        assertEquals(List.of("ai_response", "confidence", "metadata", "done"), types.subList(types.size() - 4, types.size()));
        JsonNode citation = stream.first("citations").data().path("citations").get(0);
        assertEquals(1, citation.path("index").asInt());
        assertEquals("Parking", citation.path("title").asText());
        assertEquals("https://intranet/parking", citation.path("url").asText());
        assertTrue(stream.text().contains("north garage") && stream.text().contains("[1]"), stream.text());
        assertTrue(stream.first("confidence").data().path("value").asDouble() > 0.5);

        var answer = admin.get("api/chat/threads/" + thread + "/messages").json().path("messages").get(1);
        assertEquals(stream.text(), answer.path("content").asText());
        assertEquals(citation, answer.path("citations").get(0), "citations come back in history");
        assertEquals(stream.first("confidence").data().path("value").asDouble(), answer.path("confidence").asDouble());

        var nothing = admin.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", "What is the CEO's favourite colour?"));
        assertEquals("No relevant sources found", nothing.events().get(3).data().path("message").asText());
        assertEquals(0, nothing.first("citations").data().path("citations").size());
        assertEquals("The knowledge base has no answer to that question.", nothing.text());
        assertEquals(0.0, nothing.first("confidence").data().path("value").asDouble());
    }

    @Test
    void theSampleCollectionIsLoadedForTheDevelopmentToken() {
        String token = Api.token(Map.of("sub", "dev-user", "org_id", "dev-org"));
        var newcomer = Api.as(deployment, token);
        FakeOpenAi.await(() -> newcomer.get("api/kb/collections/chatstream-docs/documents").json().path("documents").size() >= 3
                && newcomer.get("api/kb/collections/chatstream-docs/documents").json().path("documents").findValuesAsText("status")
                        .stream().allMatch("indexed"::equals), Duration.ofSeconds(60), "the sample collection indexed");
        var results = newcomer.get("api/kb/collections/chatstream-docs/search?minScore=0.4&topK=3&q="
                + encode("How do I run the tests?")).json().path("results");
        assertTrue(results.toString().contains("mvn verify"), results.toString());

        String thread = newcomer.post("api/chat/threads", Map.of("collection", "chatstream-docs")).json().path("thread").path("id").asText();
        for (var asked : Map.of("Which databases are supported?", "PostgreSQL", "How do I cancel a running answer?", "/cancel",
                "How do I run the tests?", "mvn verify runs the unit tests").entrySet()) {
            var stream = newcomer.stream("api/chat/threads/" + thread + "/messages/stream", Map.of("content", asked.getKey()));
            var citations = stream.first("citations").data().path("citations");
            assertTrue(citations.size() > 0, asked.getKey() + ": " + stream.types());
            assertTrue(stream.text().contains(asked.getValue()) && stream.text().contains("[1]"), asked.getKey() + " -> " + stream.text());
            assertEquals("README.md", citations.get(0).path("title").asText().split(" › ")[0], citations.toString());
        }
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    static byte[] pdf(String text) throws Exception {
        try (var document = new PDDocument(); var out = new ByteArrayOutputStream()) {
            var page = new PDPage();
            document.addPage(page);
            try (var content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(50, 700);
                content.showText(text);
                content.endText();
            }
            document.save(out);
            return out.toByteArray();
        }
    }
}

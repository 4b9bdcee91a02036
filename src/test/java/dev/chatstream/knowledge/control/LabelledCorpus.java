package dev.chatstream.knowledge.control;

import dev.chatstream.knowledge.entity.KbChunk;
import dev.chatstream.knowledge.entity.KbCollection;
import dev.chatstream.knowledge.entity.KbDocument;
import dev.chatstream.knowledge.entity.Passage;
import dev.chatstream.platform.Database;
import dev.chatstream.threads.control.ThreadEntities;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The labelled set of technical documentation (test resources {@code retrieval/}): the product's
 * own docs as of this set (a copy: the live docs describe this very set, and would become
 * answers to its questions), and two companies' API reference, runbook, FAQ, manual as PDF, CLI
 * reference, deployment guide, release notes and troubleshooting page (HTML), indexed through the
 * product's own parsing, chunking, embedding and search, with the questions a newcomer asks and
 * which passage answers them. Shared by {@code RetrievalQualityTest} and {@code bench/QualityBench}.
 */
public final class LabelledCorpus implements AutoCloseable {

    /** A passage that answers a question: its document, and a phrase it contains. */
    public record Answer(String document, String phrase) {
    }

    /** A question and the passages that answer it (none for an off-topic question). */
    public record Question(String text, List<Answer> answers) {
        public boolean answerable() {
            return !answers.isEmpty();
        }

        /** The collection of {@link #COMPANIES} that answers it. */
        public String company() {
            return companyOf(answers.get(0).document());
        }

        /** Whether {@code passage} is one that answers this question. */
        public boolean answeredBy(Passage passage, String passageDocument) {
            String found = (passage.title() + "\n" + passage.text()).toLowerCase(Locale.ROOT);
            return answers.stream().anyMatch(answer -> answer.document().equals(passageDocument)
                    && found.contains(answer.phrase().toLowerCase(Locale.ROOT)));
        }
    }

    /** The collections of the per-company protocol: the product's docs, and each company's. */
    public static final List<String> COMPANIES = List.of("product", "shiptrack", "tally", "brightdesk");
    static final List<String> PRODUCT_DOCS = List.of("README.md", "docs/design.md", "docs/knowledge.md", "docs/performance.md");
    static final List<String> COMPANY_DOCS = List.of("shiptrack-api-reference.md", "shiptrack-runbook.md", "shiptrack-faq.md",
            "shiptrack-manual.txt", "tally-cli-reference.md", "tally-deployment.md", "tally-release-notes.md",
            "tally-troubleshooting.html");
    /**
     * A third company's documentation, written after the score was fitted and kept out of it:
     * with {@code -Dretrieval.heldout=true} ({@code bench/run.sh heldout}) it joins the set, and its
     * questions ({@code questions-heldout.tsv}) are asked beside the others.
     */
    static final boolean HELD_OUT = Boolean.getBoolean("retrieval.heldout");
    static final List<String> HELD_OUT_DOCS = List.of("brightdesk-admin-guide.md", "brightdesk-developer-api.md",
            "brightdesk-oncall-runbook.md", "brightdesk-faq.md");

    private final ExecutorService lanes = Executors.newFixedThreadPool(2);
    private final Path folder;
    private final Database database;
    private final KbCollection collection = new KbCollection("labelled", "docs", "Docs", null, false);
    /** Each company's documents (and the product's) again in a collection of their own, as an organisation has them. */
    private final java.util.Map<String, KbCollection> companies = new java.util.HashMap<>();
    /** Document id → its name in questions.tsv. */
    private final java.util.Map<String, String> names = new java.util.HashMap<>();
    private final Retrieval retrieval;
    final Embedder embedder;
    private int chunks;

    /** Indexes every document of the set with the shipped model. */
    public LabelledCorpus() throws IOException {
        this(Embedder.SHIPPED);
    }

    public LabelledCorpus(Embedder.Model model) throws IOException {
        embedder = Embedder.standalone(lanes, model);
        folder = Files.createTempDirectory("kb-labelled");
        database = new Database("jdbc:h2:file:" + folder.resolve("db"), "sa", "", 4, folder.resolve("index").toString(), null,
                List.of(new KnowledgeEntities(), new ThreadEntities()));
        database.inTransaction(session -> session.persist(collection));
        for (String company : COMPANIES) {
            companies.put(company, new KbCollection("labelled", company, company, null, false));
        }
        database.inTransaction(session -> companies.values().forEach(session::persist));
        for (String file : PRODUCT_DOCS) {
            add(embedder, file, "text/markdown", resource(file));
        }
        var companyDocs = new ArrayList<>(COMPANY_DOCS);
        if (HELD_OUT) {
            companyDocs.addAll(HELD_OUT_DOCS);
        }
        for (String file : companyDocs) {
            byte[] content = resource(file);
            if (file.endsWith(".txt")) {
                add(embedder, file.replace(".txt", ".pdf"), "application/pdf", pdf(new String(content, StandardCharsets.UTF_8)));
            } else {
                add(embedder, file, DocumentParser.type(null, file), content);
            }
        }
        retrieval = new Retrieval(database, embedder);
    }

    public static List<Question> questions() {
        var questions = new ArrayList<Question>();
        String table = new String(resource("questions.tsv"), StandardCharsets.UTF_8)
                + (HELD_OUT ? new String(resource("questions-heldout.tsv"), StandardCharsets.UTF_8) : "");
        for (String line : table.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            var answers = new ArrayList<Answer>();
            for (int i = 1; i + 1 < fields.length && !fields[i].equals("-"); i += 2) {
                answers.add(new Answer(fields[i], fields[i + 1]));
            }
            questions.add(new Question(fields[0], List.copyOf(answers)));
        }
        return questions;
    }

    /** The best passage for a question through the product's hybrid retrieval, with no threshold; null when none. */
    public Passage best(String question) {
        return best(scope(), question);
    }

    /** The same in one company's collection ({@link #COMPANIES}). */
    public Passage bestIn(String company, String question) {
        return best(new ChunkSearch.Scope("labelled", companies.get(company).id(), 0), question);
    }

    private Passage best(ChunkSearch.Scope scope, String question) {
        var found = retrieval.search(scope, question, 1, 0, Retrieval.Mode.hybrid);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The collection of {@link #COMPANIES} a document of the set belongs to. */
    public static String companyOf(String document) {
        String prefix = document.substring(0, Math.max(0, document.indexOf('-')));
        return COMPANIES.contains(prefix) ? prefix : "product";
    }

    ChunkSearch.Scope scope() {
        return new ChunkSearch.Scope("labelled", collection.id(), 0);
    }

    Database database() {
        return database;
    }

    /** The name a document has in questions.tsv. */
    String documentNamed(String documentId) {
        return names.get(documentId);
    }

    /** The name a passage's document has in questions.tsv. */
    public String documentOf(Passage passage) {
        return names.get(passage.documentId());
    }

    public int chunks() {
        return chunks;
    }

    private void add(Embedder embedder, String name, String type, byte[] content) throws IOException {
        var pieces = Chunker.chunks(DocumentParser.parse(type, content, name));
        var vectors = embedder.embedAll(pieces.stream().map(Chunker.Chunk::embeddedText).toList());
        for (var in : List.of(collection, companies.get(companyOf(name)))) {
            var document = new KbDocument(in, name, null, type, 0, name);
            var stored = new ArrayList<KbChunk>();
            for (int i = 0; i < pieces.size(); i++) {
                stored.add(new KbChunk(document, i, pieces.get(i).title(), pieces.get(i).text(), vectors.get(i),
                        embedder.model().name()));
            }
            database.inTransaction(session -> {
                session.persist(document);
                stored.forEach(session::persist);
            });
            names.put(document.id(), name);
        }
        chunks += pieces.size();
    }

    private static byte[] resource(String name) {
        try (InputStream in = LabelledCorpus.class.getClassLoader().getResourceAsStream("retrieval/" + name)) {
            if (in == null) {
                throw new IOException("no test resource retrieval/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manual as a PDF of its own: lines wrapped at 90 characters, 50 to a page, as a word processor would lay it out. */
    static byte[] pdf(String text) throws IOException {
        var lines = new ArrayList<String>();
        for (String paragraph : text.split("\n")) {
            var line = new StringBuilder();
            for (String word : paragraph.split(" ")) {
                if (line.length() + word.length() > 90) {
                    lines.add(line.toString().strip());
                    line.setLength(0);
                }
                line.append(word).append(' ');
            }
            lines.add(line.toString().strip());
        }
        try (var document = new PDDocument(); var out = new ByteArrayOutputStream()) {
            for (int start = 0; start < lines.size(); start += 50) {
                var page = new PDPage();
                document.addPage(page);
                try (var content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
                    content.setLeading(13);
                    content.newLineAtOffset(50, 740);
                    for (String line : lines.subList(start, Math.min(lines.size(), start + 50))) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    @Override
    public void close() {
        database.close();
        lanes.shutdownNow();
    }
}

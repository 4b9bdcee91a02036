import dev.chatstream.knowledge.control.ChunkSearch;
import dev.chatstream.knowledge.control.Chunker;
import dev.chatstream.knowledge.control.DocumentParser;
import dev.chatstream.knowledge.control.Embedder;
import dev.chatstream.knowledge.control.KnowledgeEntities;
import dev.chatstream.knowledge.control.Retrieval;
import dev.chatstream.knowledge.entity.KbChunk;
import dev.chatstream.knowledge.entity.KbCollection;
import dev.chatstream.knowledge.entity.KbDocument;
import dev.chatstream.knowledge.entity.Passage;
import dev.chatstream.platform.Database;
import dev.chatstream.threads.control.ThreadEntities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * Retrieval quality on the sample collection (the product's own documentation, as a newcomer
 * meets it): for questions a newcomer asks, whether the chunk that answers them ranks first and
 * whether its score reaches minScore 0.7. The labelled set of the tests is short prose; these
 * chunks are long and technical.
 *
 * Run: bench/run.sh quality
 */
public class QualityBench {

    /** A question and the headings (a regular expression) of the chunks that answer it. */
    record Probe(String question, String answeredUnder) {
    }

    static final List<Probe> PROBES = List.of(
            new Probe("How do I run the tests?", "README.md › chatstream"),
            new Probe("How do I start the server?", "First steps"),
            new Probe("Which port does it listen on?", "Configuration"),
            new Probe("What database does it use?", "What it is|Persistence"),
            new Probe("How do I configure OpenAI?", "Configuration"),
            new Probe("What is CHAT_INDEX_DIR?", "Configuration"),
            new Probe("Which embedding model is used?", "Embeddings"),
            new Probe("How are documents split into chunks?", "Ingestion"),
            new Probe("How is the score calibrated?", "Score and fusion"));

    /** Questions the collection cannot answer: their best score should stay under minScore. */
    static final List<String> OFF_TOPIC = List.of("What is the refund policy?", "What is the capital of France?",
            "Who approves travel expenses?", "How do I reset my password?", "What does the Pro plan cost?",
            "When is the cafeteria open?");

    /** The best-scored chunk for a question, through the product's retrieval with no threshold. */
    static Passage best(Retrieval retrieval, ChunkSearch.Scope scope, String question) {
        var found = retrieval.search(scope, question, 1, 0, Retrieval.Mode.hybrid);
        return found.isEmpty() ? new Passage(null, null, "(nothing)", null, "", 0) : found.get(0);
    }

    public static void main(String[] args) throws Exception {
        var embedder = Embedder.standalone(Executors.newFixedThreadPool(2));
        var folder = Files.createTempDirectory("kb-quality");
        var database = new Database("jdbc:h2:file:" + folder.resolve("db"), "sa", "", 4, folder.resolve("index").toString(), null,
                List.of(new KnowledgeEntities(), new ThreadEntities()));
        var collection = new KbCollection("sample", "docs", "Docs", null, false);
        database.inTransaction(session -> session.persist(collection));
        for (String file : List.of("README.md", "docs/design.md", "docs/knowledge.md", "docs/performance.md")) {
            var document = new KbDocument(collection, file, null, "text/markdown", 0, file);
            var pieces = Chunker.chunks(DocumentParser.parse("text/markdown", Files.readAllBytes(Path.of(file)), file));
            var vectors = embedder.embedAll(pieces.stream().map(piece -> piece.title() + "\n" + piece.text()).toList());
            var chunks = new ArrayList<KbChunk>();
            for (int i = 0; i < pieces.size(); i++) {
                chunks.add(new KbChunk(document, i, pieces.get(i).title(), pieces.get(i).text(), vectors.get(i)));
            }
            database.inTransaction(session -> {
                session.persist(document);
                chunks.forEach(session::persist);
            });
        }
        var scope = new ChunkSearch.Scope("sample", collection.id(), 0);
        var retrieval = new Retrieval(database, embedder);
        int first = 0;
        int kept = 0;
        for (var probe : PROBES) {
            var best = best(retrieval, scope, probe.question());
            boolean right = java.util.regex.Pattern.compile(probe.answeredUnder()).matcher(best.title()).find();
            first += right ? 1 : 0;
            kept += right && best.score() >= 0.7 ? 1 : 0;
            System.out.printf("%-40s first: %-5s score %.2f  %s%n", probe.question(), right ? "right" : "wrong", best.score(), best.title());
        }
        int dropped = 0;
        for (String question : OFF_TOPIC) {
            var best = best(retrieval, scope, question);
            dropped += best.score() < 0.7 ? 1 : 0;
            System.out.printf("%-40s off-topic, best score %.2f  %s%n", question, best.score(), best.title());
        }
        System.out.printf("%d of %d questions rank their answer first; %d of %d also reach minScore 0.7; %d of %d off-topic questions stay under it%n",
                first, PROBES.size(), kept, PROBES.size(), dropped, OFF_TOPIC.size());
        database.close();
        System.exit(0);
    }
}

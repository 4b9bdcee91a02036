import dev.chatstream.knowledge.control.ChunkSearch;
import dev.chatstream.knowledge.control.Embedder;
import dev.chatstream.knowledge.control.KnowledgeEntities;
import dev.chatstream.knowledge.control.Retrieval;
import dev.chatstream.knowledge.entity.KbChunk;
import dev.chatstream.knowledge.entity.KbCollection;
import dev.chatstream.knowledge.entity.KbDocument;
import dev.chatstream.knowledge.entity.Vectors;
import dev.chatstream.platform.Database;
import dev.chatstream.threads.control.ThreadEntities;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;

/**
 * Issue 4's retrieval and embedding figures, in plain Java SE on the product's own classes:
 * embedding rate of 256-token chunks (one at a time, and embedAll on one lane per core as ingestion
 * does), then hybrid retrieval p50/p95 at 10k and 100k chunks including the question's
 * embedding, through Hibernate Search over H2 as the product runs it, each with the recall of
 * retrieval's approximate kNN. The corpus: 2,000 really
 * embedded chunks, multiplied to 100k with perturbed vectors and shuffled words (search cost
 * depends on index size, not on meaning).
 *
 * Run: bench/run.sh knowledge
 */
public class KnowledgeBench {

    static final String[] WORDS = ("employee vacation policy refund customer password reset server port travel expense approval "
            + "department office closed holiday plan price encryption data security backup restore invoice payment contract "
            + "warranty laptop parking visitor garage badge reception meeting room booking calendar network printer access "
            + "account manager report quarterly revenue budget training course onboarding handbook benefit insurance pension").split(" ");

    public static void main(String[] args) throws Exception {
        var random = new Random(42);
        var embedder = Embedder.standalone(Executors.newFixedThreadPool(2));
        var texts = new ArrayList<String>();
        for (int i = 0; i < 2000; i++) {
            texts.add(sentence(random, 170));
        }
        // warm-up
        for (int i = 0; i < 20; i++) {
            embedder.embed(texts.get(i));
        }
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            embedder.embed(texts.get(i));
        }
        double single = 100 / ((System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        embedder.embedAll(texts.subList(0, 400));
        double parallel = 400 / ((System.nanoTime() - start) / 1e9);
        System.out.printf("embedding 170-word (~230-token) chunks: one at a time %.1f chunks/s, embedAll on one lane per core %.1f chunks/s%n", single, parallel);

        var vectors = embedder.embedAll(texts);
        var folder = Files.createTempDirectory("kb-bench");
        var collection = new KbCollection("bench", "bench", "Bench", null, false);
        var scope = new ChunkSearch.Scope("bench", collection.id(), 1);
        int stored = 0;
        for (int size : List.of(10_000, 100_000)) {
            var database = open(folder);
            if (stored == 0) {
                database.inTransaction(session -> session.persist(collection));
            }
            long built = System.nanoTime();
            // as ingestion stores them: a document's chunks in one transaction, indexed by Hibernate Search at its commit
            for (int first = stored; first < size; first += 1000) {
                var document = new KbDocument(collection, "doc " + first, null, "text/plain", first / 1000 % 3, "h" + first);
                var chunks = new ArrayList<KbChunk>();
                for (int i = first; i < first + 1000; i++) {
                    float[] vector = vectors.get(i % vectors.size()).clone();
                    for (int d = 0; d < vector.length; d++) {
                        vector[d] += (float) (random.nextGaussian() * 0.02);
                    }
                    chunks.add(new KbChunk(document, i - first, "Section " + (i % 97), sentence(random, 170), vector,
                            Embedder.SHIPPED.name()));
                }
                database.inTransaction(session -> {
                    session.persist(document);
                    chunks.forEach(session::persist);
                });
            }
            double seconds = (System.nanoTime() - built) / 1e9;
            System.out.printf("stored and indexed %,d chunks in %.0f s (%.0f chunks/s)%n", size - stored, seconds, (size - stored) / seconds);
            stored = size;
            // straight after a bulk load H2 compacts its file in the background and competes for the two cores
            report(String.format("retrieval at %,d chunks, straight after the load", size), embedder, database, scope, random);
            database.close();
            database = open(folder);
            report(String.format("retrieval at %,d chunks, database reopened", size), embedder, database, scope, random);
            database.close();
        }
        System.exit(0);
    }

    static Database open(java.nio.file.Path folder) {
        return new Database("jdbc:h2:file:" + folder.resolve("db") + ";WRITE_DELAY=0", "sa", "", 4, folder.resolve("index").toString(), null,
                List.of(new KnowledgeEntities(), new ThreadEntities()));
    }

    /**
     * p50/p95 of 250 questions (after 50 of warm-up) through the product's retrieval: the question's
     * embedding, kNN 50 and BM25 50 with filters, scoring, topK 5 at minScore 0.7 and their URLs.
     */
    static void report(String label, Embedder embedder, Database database, ChunkSearch.Scope scope, Random random) {
        var retrieval = new Retrieval(database, embedder);
        var timings = new ArrayList<Double>();
        for (int q = 0; q < 300; q++) {
            String question = question(random);
            long t = System.nanoTime();
            retrieval.search(scope, question, 5, 0.7, Retrieval.Mode.hybrid);
            if (q >= 50) {
                timings.add((System.nanoTime() - t) / 1e6);
            }
        }
        Collections.sort(timings);
        System.out.printf("%s: p50 %.1f ms, p95 %.1f ms%n", label, timings.get(timings.size() / 2), timings.get((int) (timings.size() * 0.95)));
        recall(embedder, database, scope, random);
    }

    /**
     * HNSW is approximate, and its search widens with the number of hits asked for: of the five
     * passages nearest to a question among kNN 100's hits, how many the kNN that retrieval runs
     * ({@link Retrieval#CANDIDATES}) finds, and how often it finds the nearest.
     */
    static void recall(Embedder embedder, Database database, ChunkSearch.Scope scope, Random random) {
        int found = 0;
        int nearest = 0;
        int questions = 100;
        for (int q = 0; q < questions; q++) {
            float[] question = embedder.embedQuestion(question(random));
            var hits = database.fromTransaction(session -> {
                var search = new ChunkSearch(session);
                return List.of(search.vector(question, scope, 100), search.vector(question, scope, Retrieval.CANDIDATES));
            });
            var best = hits.get(0).stream().sorted(Comparator.comparingDouble(hit -> -Vectors.cosine(question, hit.vector())))
                    .limit(5).map(ChunkSearch.Hit::chunkId).toList();
            var asked = hits.get(1).stream().map(ChunkSearch.Hit::chunkId).toList();
            found += (int) best.stream().filter(asked::contains).count();
            nearest += asked.contains(best.get(0)) ? 1 : 0;
        }
        System.out.printf("  kNN %d finds %.1f %% of the 5 nearest passages that kNN 100 finds, and the nearest in %.1f %%%n",
                Retrieval.CANDIDATES, 100.0 * found / (5 * questions), 100.0 * nearest / questions);
    }

    static String question(Random random) {
        return "How does the " + WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " work?";
    }

    static String sentence(Random random, int words) {
        var text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(i % 12 == 11 ? ". " : " ");
        }
        return text.toString().trim();
    }
}

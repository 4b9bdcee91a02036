import dev.chatstream.knowledge.control.Embedder;
import dev.chatstream.knowledge.control.SearchIndex;
import dev.chatstream.knowledge.entity.KbChunk;
import dev.chatstream.knowledge.entity.KbCollection;
import dev.chatstream.knowledge.entity.KbDocument;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;

/**
 * Issue 4's retrieval and embedding figures, in plain Java SE on the product's own classes:
 * embedding rate of 256-token chunks (one at a time, and embedAll on one lane per core as ingestion
 * does), then hybrid retrieval p50/p95 at 10k and 100k chunks including the question's
 * embedding. The corpus: 2,000 really embedded chunks, multiplied to 100k with perturbed
 * vectors and shuffled words (search cost depends on index size, not on meaning).
 *
 * Run: bench/run.sh knowledge
 */
public class KnowledgeBench {

    /** As many candidates as hybrid search takes from each list. */
    static final int CANDIDATES = 50;

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
        var collection = new KbCollection("bench", "bench", "Bench", null, false);
        for (int size : List.of(10_000, 100_000)) {
            var index = new SearchIndex(Files.createTempDirectory("kb-bench"));
            long built = System.nanoTime();
            for (int i = 0; i < size; i++) {
                var document = new KbDocument(collection, "doc " + i, null, "text/plain", i % 3, "h" + i);
                float[] vector = vectors.get(i % vectors.size()).clone();
                for (int d = 0; d < vector.length; d++) {
                    vector[d] += (float) (random.nextGaussian() * 0.02);
                }
                index.addQuietly(new KbChunk(document, 0, "Section " + (i % 97), sentence(random, 170), vector), null);
            }
            index.publish();
            double buildSeconds = (System.nanoTime() - built) / 1e9;
            var scope = new SearchIndex.Scope("bench", collection.id(), 1);
            report(String.format("retrieval at %,d chunks (index built in %.0f s)", size, buildSeconds), embedder, index, scope, random);
            index.close();
        }
        System.exit(0);
    }

    /** p50/p95 of 250 questions (after 50 of warm-up): the question's embedding, kNN 50 and BM25 50 with filters. */
    static void report(String label, Embedder embedder, SearchIndex index, SearchIndex.Scope scope, Random random) {
        var timings = new ArrayList<Double>();
        for (int q = 0; q < 300; q++) {
            String question = "How does the " + WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " work?";
            long t = System.nanoTime();
            float[] query = embedder.embed(question);
            var candidates = new ArrayList<SearchIndex.Hit>(index.vector(query, scope, CANDIDATES));
            candidates.addAll(index.keyword(question, scope, CANDIDATES));
            if (q >= 50) {
                timings.add((System.nanoTime() - t) / 1e6);
            }
        }
        Collections.sort(timings);
        System.out.printf("%s: p50 %.1f ms, p95 %.1f ms%n", label, timings.get(timings.size() / 2), timings.get((int) (timings.size() * 0.95)));
    }

    static String sentence(Random random, int words) {
        var text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(i % 12 == 11 ? ". " : " ");
        }
        return text.toString().trim();
    }
}

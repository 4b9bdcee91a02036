import dev.chatstream.knowledge.control.Chunker;
import dev.chatstream.knowledge.control.DocumentParser;
import dev.chatstream.knowledge.control.Embedder;
import dev.chatstream.knowledge.control.LabelledPair;
import dev.chatstream.knowledge.entity.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * Issue 4's choice of embedding model: the quantized all-MiniLM-L6-v2 the product ships against
 * the full one, both at 256 tokens through the product's Embedder. Speed on the chunks of the
 * product's own documentation, question latency, precision and recall at minScore 0.7 on the
 * labelled set of the tests, and how far the two agree: Spearman's rank correlation of their
 * question × passage cosines and the overlap of each question's top 5 passages.
 *
 * Run: bench/run.sh models
 */
public class ModelBench {

    record Figures(double chunksPerSecond, double questionMs, double precision, double recall, List<Double> cosines, List<List<Integer>> top5) {
    }

    public static void main(String[] args) throws Exception {
        var chunks = new ArrayList<String>();
        for (String file : List.of("README.md", "docs/design.md", "docs/knowledge.md", "docs/performance.md")) {
            Chunker.chunks(DocumentParser.parse("text/markdown", Files.readAllBytes(Path.of(file)), file))
                    .forEach(chunk -> chunks.add(chunk.title() + "\n" + chunk.text()));
        }
        var pairs = LabelledPair.load();
        var questions = pairs.stream().map(LabelledPair::question).distinct().toList();
        var passages = new ArrayList<>(pairs.stream().map(LabelledPair::passage).distinct().toList());
        passages.addAll(chunks);
        var pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        var quantized = measure(Embedder.standalone(pool, Embedder.MINILM), chunks, pairs, questions, passages);
        var full = measure(Embedder.standalone(pool, Embedder.MINILM_FULL), chunks, pairs, questions, passages);
        System.out.printf("%d documentation chunks, %d labelled pairs, %d questions against %d passages%n",
                chunks.size(), pairs.size(), questions.size(), passages.size());
        for (var row : List.of(List.of("quantized", quantized), List.of("full", full))) {
            var f = (Figures) row.get(1);
            System.out.printf("%-9s %6.1f chunks/s, question %.2f ms p50, at minScore 0.7 precision %.2f recall %.2f%n",
                    row.get(0), f.chunksPerSecond(), f.questionMs(), f.precision(), f.recall());
        }
        double overlap = IntStream.range(0, questions.size())
                .mapToDouble(q -> {
                    var shared = new HashSet<>(quantized.top5().get(q));
                    shared.retainAll(full.top5().get(q));
                    return shared.size() / 5.0;
                }).average().orElse(0);
        System.out.printf("agreement: Spearman %.3f over %d cosines, top-5 overlap %.2f%n",
                spearman(quantized.cosines(), full.cosines()), quantized.cosines().size(), overlap);
        System.exit(0);
    }

    static Figures measure(Embedder embedder, List<String> chunks, List<LabelledPair> pairs, List<String> questions, List<String> passages) {
        embedder.embedAll(chunks);
        long start = System.nanoTime();
        int embedded = 0;
        while (embedded < 400) {
            embedded += embedder.embedAll(chunks).size();
        }
        double rate = embedded / ((System.nanoTime() - start) / 1e9);
        var latencies = new ArrayList<Double>();
        for (int i = 0; i < 200; i++) {
            long t = System.nanoTime();
            embedder.embed(questions.get(i % questions.size()) + " " + i);
            latencies.add((System.nanoTime() - t) / 1e6);
        }
        Collections.sort(latencies);
        var calibration = LabelledPair.calibrate(pairs, embedder, 0.7);
        var passageVectors = embedder.embedAll(passages);
        var cosines = new ArrayList<Double>();
        var top5 = new ArrayList<List<Integer>>();
        for (String question : questions) {
            float[] q = embedder.embed(question);
            var scores = passageVectors.stream().map(p -> Vectors.cosine(q, p)).toList();
            cosines.addAll(scores);
            top5.add(IntStream.range(0, scores.size()).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> scores.get(i)).reversed()).limit(5).toList());
        }
        return new Figures(rate, latencies.get(latencies.size() / 2), calibration.precision(), calibration.recall(), cosines, top5);
    }

    static double spearman(List<Double> a, List<Double> b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double n = a.size();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (ra[i] - rb[i]) * (ra[i] - rb[i]);
        }
        return 1 - 6 * sum / (n * (n * n - 1));
    }

    static double[] ranks(List<Double> values) {
        var order = IntStream.range(0, values.size()).boxed().sorted(Comparator.comparingDouble(values::get)).toList();
        double[] ranks = new double[values.size()];
        for (int rank = 0; rank < order.size(); rank++) {
            ranks[order.get(rank)] = rank;
        }
        return ranks;
    }
}

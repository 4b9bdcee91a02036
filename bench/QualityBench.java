import dev.chatstream.knowledge.control.Chunker;
import dev.chatstream.knowledge.control.DocumentParser;
import dev.chatstream.knowledge.control.Embedder;
import dev.chatstream.knowledge.control.LabelledCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * Retrieval quality on the labelled set of technical documentation (src/test/resources/retrieval:
 * the product's docs and two companies' technical documentation, with a third company's held out
 * unless asked for), for each embedding model: how many answerable questions get a passage that
 * answers them at rank 1 and over minScore 0.7, how many off-topic ones get any passage over it,
 * both with every document in one collection and with a collection per company (a question asked
 * of its company's; an off-topic one of each), and how fast the model embeds chunks and questions. RetrievalQualityTest holds the shipped
 * model to the figures; this compares models.
 *
 * Run: bench/run.sh quality
 */
public class QualityBench {

    public static void main(String[] args) throws Exception {
        for (var model : List.of(Embedder.MINILM, Embedder.BGE_SMALL)) {
            try (var corpus = new LabelledCorpus(model)) {
                int answerable = 0, answered = 0, firstRight = 0, offTopic = 0, leaked = 0;
                int answeredInOwn = 0, pairs = 0, pairsLeaked = 0, leakedAnywhere = 0;
                for (var question : LabelledCorpus.questions()) {
                    var best = corpus.best(question.text());
                    if (question.answerable()) {
                        answerable++;
                        boolean right = best != null && question.answeredBy(best, corpus.documentOf(best));
                        firstRight += right ? 1 : 0;
                        answered += right && over(best) ? 1 : 0;
                        var own = corpus.bestIn(question.company(), question.text());
                        answeredInOwn += own != null && over(own) && question.answeredBy(own, corpus.documentOf(own)) ? 1 : 0;
                    } else {
                        offTopic++;
                        leaked += over(best) ? 1 : 0;
                        boolean anywhere = false;
                        for (String company : LabelledCorpus.COMPANIES) {
                            pairs++;
                            boolean leak = over(corpus.bestIn(company, question.text()));
                            pairsLeaked += leak ? 1 : 0;
                            anywhere |= leak;
                        }
                        leakedAnywhere += anywhere ? 1 : 0;
                    }
                }
                System.out.printf("%-22s %d chunks, one collection: rank 1 right %d/%d, and over 0.7 %d/%d (%.1f %%); off-topic over 0.7 %d/%d (%.1f %%)%n",
                        model.name(), corpus.chunks(), firstRight, answerable, answered, answerable, 100.0 * answered / answerable,
                        leaked, offTopic, 100.0 * leaked / offTopic);
                System.out.printf("%-22s a collection per company: answered at rank 1 over 0.7 %d/%d (%.1f %%); off-topic questions over 0.7 in"
                                + " some collection %d/%d, asked of every collection %d/%d (%.1f %%)%n", model.name(), answeredInOwn, answerable,
                        100.0 * answeredInOwn / answerable, leakedAnywhere, offTopic, pairsLeaked, pairs, 100.0 * pairsLeaked / pairs);
            }
            speed(model);
        }
        System.exit(0);
    }

    private static boolean over(dev.chatstream.knowledge.entity.Passage passage) {
        return passage != null && passage.score() >= 0.7;
    }

    /** Chunks of the product's docs per second on two lanes, and one question's embedding time. */
    static void speed(Embedder.Model model) throws Exception {
        var pieces = new ArrayList<String>();
        for (String file : List.of("README.md", "docs/design.md", "docs/knowledge.md", "docs/performance.md")) {
            Chunker.chunks(DocumentParser.parse("text/markdown", Files.readAllBytes(Path.of(file)), file))
                    .forEach(chunk -> pieces.add(chunk.embeddedText()));
        }
        var pool = Executors.newFixedThreadPool(2);
        var embedder = Embedder.standalone(pool, model);
        embedder.embedAll(pieces.subList(0, 20));
        double best = 0;
        for (int round = 0; round < 3; round++) {
            long started = System.nanoTime();
            embedder.embedAll(pieces);
            best = Math.max(best, pieces.size() / ((System.nanoTime() - started) / 1e9));
        }
        long started = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            embedder.embedQuestion("How do I cancel a running answer? " + i);
        }
        System.out.printf("%-22s %.0f chunks/s (best of 3, %d chunks), a question in %.2f ms%n", model.name(), best, pieces.size(),
                (System.nanoTime() - started) / 100 / 1e6);
        pool.shutdown();
    }
}

package dev.chatstream.knowledge.control;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.chatstream.platform.Startup;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * all-MiniLM-L6-v2 (quantized) from its Maven artifact, in-process, through langchain4j's BERT encoder.
 *
 * <p>As shipped, the tokenizer inside the jar truncates at 128 tokens (and pads every input to
 * 128), so the end of a longer chunk would silently not count. The model is loaded with a copy of
 * its tokenizer set to 256 tokens (MiniLM's training length) and no padding; chunks are cut to fit.
 *
 * <p>The ONNX session runs each inference on one thread, and {@link #embedAll} runs one lane per
 * core. Measured on 2 cores (docs/performance.md): ONNX Runtime's own intra-op pool gains little
 * on one 256-token input (91 chunks/s), two single-threaded lanes reach 150/s, and a question of
 * twenty tokens takes under 1 ms either way. It also leaves no spinning pool threads behind.
 */
@ApplicationScoped
public class Embedder {

    private static final Logger LOG = Logger.getLogger(Embedder.class.getName());
    static final int MAX_TOKENS = 256;
    /**
     * An embedding model from its Maven artifact: its resources' name, how token vectors are
     * pooled, and the instruction a question is prefixed with (models trained for asymmetric
     * search want one; passages get none).
     *
     * @param widenTokenizer the shipped tokenizer truncates at 128 tokens and must be set to {@value #MAX_TOKENS}
     */
    public record Model(String name, PoolingMode pooling, String questionPrefix, boolean widenTokenizer) {
    }

    public static final Model MINILM = new Model("all-minilm-l6-v2-q", PoolingMode.MEAN, "", true);
    public static final Model BGE_SMALL = new Model("bge-small-en-v1.5-q", PoolingMode.CLS,
            "Represent this sentence for searching relevant passages: ", false);
    /** The model the product ships. */
    public static final Model SHIPPED = MINILM;
    /** The full-precision MiniLM, which the benchmark compares with the quantized one. */
    public static final Model MINILM_FULL = new Model("all-minilm-l6-v2", PoolingMode.MEAN, "", true);
    private static final int LANES = Runtime.getRuntime().availableProcessors();
    private static final AtomicBoolean NATIVE_ENVIRONMENT_KEPT = new AtomicBoolean();

    @Inject
    IngestionLanes lanes;

    private Executor executor;
    private EmbeddingModel model;
    private Model shape;

    /** The embedder outside CDI, for tests and the benchmark. */
    public static Embedder standalone(Executor executor) {
        return standalone(executor, SHIPPED);
    }

    /** The same with another model whose artifact is on the classpath (the benchmark and the quality test compare them). */
    public static Embedder standalone(Executor executor, Model model) {
        var embedder = new Embedder();
        embedder.open(executor, model);
        return embedder;
    }

    /** Loads the model at start, on a container thread: its classes initialise through this thread's loader. */
    void onStart(@Observes @Priority(Startup.ORDER + 200) Startup.Starting event) {
        model.getClass();
    }

    @PostConstruct
    void load() {
        long started = System.nanoTime();
        open(lanes, SHIPPED);
        LOG.info(() -> "Embedding model loaded in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    /** A passage's embedding. */
    public float[] embed(String text) {
        return model.embed(text).content().vector();
    }

    /** A question's embedding, with the model's instruction for searching passages. */
    public float[] embedQuestion(String question) {
        return embed(shape.questionPrefix() + question);
    }

    /** A lane on the executor that runs only if it starts before the caller gives it up. */
    private static final class Helper {

        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CompletableFuture<Void> done;

        Helper(Runnable lane, Executor executor) {
            done = CompletableFuture.runAsync(() -> {
                if (claimed.compareAndSet(false, true)) {
                    lane.run();
                }
            }, executor);
        }

        void awaitIfStarted() {
            if (!claimed.compareAndSet(false, true)) {
                done.join();
            }
        }
    }

    public Model model() {
        return shape;
    }

    /**
     * Several texts, in order: one lane on the calling thread and one more per further core on the
     * executor. A helper still queued when the caller's lane has run out of texts is given up, not
     * waited for: the caller may itself hold one of the executor's threads (ingestion runs on it),
     * and a pool whose threads all wait for helpers queued behind them would never finish.
     */
    public List<float[]> embedAll(List<String> texts) {
        var vectors = new float[texts.size()][];
        var next = new AtomicInteger();
        Runnable lane = () -> {
            for (int i = next.getAndIncrement(); i < vectors.length; i = next.getAndIncrement()) {
                vectors[i] = embed(texts.get(i));
            }
        };
        var helpers = IntStream.range(1, Math.min(LANES, texts.size())).mapToObj(n -> new Helper(lane, executor)).toList();
        lane.run();
        try {
            helpers.forEach(Helper::awaitIfStarted);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return Arrays.asList(vectors);
    }

    private void open(Executor executor, Model shape) {
        this.executor = executor;
        this.shape = shape;
        String name = shape.name();
        try {
            var environment = OrtEnvironment.getEnvironment();
            keepNativeEnvironment();
            var options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            byte[] onnx;
            try (InputStream in = resource(name + ".onnx")) {
                onnx = in.readAllBytes();
            }
            var session = environment.createSession(onnx, options);
            byte[] tokenizer;
            try (InputStream in = resource(name + "-tokenizer.json")) {
                tokenizer = in.readAllBytes();
            }
            var encoder = new OnnxBertBiEncoder(environment, session,
                    new ByteArrayInputStream(shape.widenTokenizer() ? widened(tokenizer) : tokenizer), shape.pooling());
            // its executor would only serve langchain4j's embedAll; ours spreads the lanes itself
            model = new AbstractInProcessEmbeddingModel(Runnable::run) {
                @Override
                protected OnnxBertBiEncoder model() {
                    return encoder;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the embedding model", e);
        } catch (OrtException e) {
            throw new IllegalStateException("Cannot open the embedding model", e);
        }
    }

    /**
     * ONNX Runtime's Java binding frees its native environment from a JVM shutdown hook, which runs
     * beside every other hook and beside the threads still embedding: an inference in flight then
     * reads freed memory, and a server stopped while it embedded died with SIGSEGV instead of
     * shutting down (microsoft/onnxruntime#10670: it cannot be prevented from Java). The native
     * environment counts its references, so one more that is never released keeps it alive until
     * the process ends, when the system takes its memory back. The binding offers no call for that,
     * hence reflection; if a later version hides it, start-up says so and goes on.
     */
    private static void keepNativeEnvironment() {
        if (!NATIVE_ENVIRONMENT_KEPT.compareAndSet(false, true)) {
            return;
        }
        try {
            Field api = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("ortApiHandle");
            api.setAccessible(true);
            Method createHandle = OrtEnvironment.class.getDeclaredMethod("createHandle", long.class, int.class, String.class);
            createHandle.setAccessible(true);
            createHandle.invoke(null, api.getLong(null), OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING.getValue(),
                    OrtEnvironment.DEFAULT_NAME);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warning(() -> "Cannot keep ONNX Runtime's environment past its shutdown hook (" + e
                    + "); stopping the server while it embeds may crash the JVM");
        }
    }

    /** The shipped tokenizer set to {@value #MAX_TOKENS} tokens with no padding. */
    private static byte[] widened(byte[] shipped) {
        String tokenizer = new String(shipped, StandardCharsets.UTF_8);
        String widened = tokenizer.replaceFirst("\"max_length\": 128", "\"max_length\": " + MAX_TOKENS)
                .replaceFirst("(?s)\"padding\": \\{.*?\"pad_token\": \"\\[PAD]\"\\s*}", "\"padding\": null");
        if (widened.equals(tokenizer) || widened.contains("\"max_length\": 128")) {
            throw new IllegalStateException("The embedding tokenizer's format changed; cannot set it to " + MAX_TOKENS + " tokens");
        }
        return widened.getBytes(StandardCharsets.UTF_8);
    }

    private static InputStream resource(String name) {
        var in = Embedder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the classpath");
        }
        return in;
    }
}

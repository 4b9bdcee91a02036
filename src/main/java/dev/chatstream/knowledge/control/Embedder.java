package dev.chatstream.knowledge.control;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Logger;

/**
 * all-MiniLM-L6-v2 (quantized) from its Maven artifact, in-process.
 *
 * <p>As shipped, the tokenizer inside the jar truncates at 128 tokens (and pads every input to
 * 128), so the end of a longer chunk would silently not count. The model and a copy of its
 * tokenizer set to 256 tokens (MiniLM's training length) with no padding are written to a temp
 * folder and loaded from there; chunks are cut to fit 256 tokens.
 */
@ApplicationScoped
public class Embedder {

    private static final Logger LOG = Logger.getLogger(Embedder.class.getName());
    static final int MAX_TOKENS = 256;
    private static final String PREFIX = "all-minilm-l6-v2-q";

    @Resource
    ManagedExecutorService executor;

    private OnnxEmbeddingModel model;

    /** Loads the model at start, on a container thread: its classes initialise through this thread's loader. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        model.getClass();
    }

    @PostConstruct
    void load() {
        long started = System.nanoTime();
        model = load(executor);
        LOG.info(() -> "Embedding model loaded in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    public float[] embed(String text) {
        return model.embed(text).content().vector();
    }

    /** Several texts at once: the model embeds them in parallel on the managed executor, one ONNX session call each. */
    public List<float[]> embedAll(List<String> texts) {
        return model.embedAll(texts.stream().map(TextSegment::from).toList()).content().stream()
                .map(Embedding::vector).toList();
    }

    /** The model with its tokenizer set to {@value #MAX_TOKENS} tokens; outside CDI for tests and the benchmark. */
    public static OnnxEmbeddingModel load(java.util.concurrent.Executor executor) {
        try {
            Path folder = Files.createTempDirectory("chatstream-minilm");
            Path modelFile = folder.resolve("model.onnx");
            try (InputStream in = resource(PREFIX + ".onnx")) {
                Files.copy(in, modelFile, StandardCopyOption.REPLACE_EXISTING);
            }
            String tokenizer;
            try (InputStream in = resource(PREFIX + "-tokenizer.json")) {
                tokenizer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String widened = tokenizer.replaceFirst("\"max_length\": 128", "\"max_length\": " + MAX_TOKENS)
                    .replaceFirst("(?s)\"padding\": \\{.*?\"pad_token\": \"\\[PAD]\"\\s*}", "\"padding\": null");
            if (widened.equals(tokenizer) || widened.contains("\"max_length\": 128")) {
                throw new IllegalStateException("The embedding tokenizer's format changed; cannot set it to " + MAX_TOKENS + " tokens");
            }
            Path tokenizerFile = folder.resolve("tokenizer.json");
            Files.writeString(tokenizerFile, widened);
            folder.toFile().deleteOnExit();
            modelFile.toFile().deleteOnExit();
            tokenizerFile.toFile().deleteOnExit();
            return new OnnxEmbeddingModel(modelFile, tokenizerFile, PoolingMode.MEAN, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the embedding model", e);
        }
    }

    private static InputStream resource(String name) {
        var in = Embedder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the classpath");
        }
        return in;
    }
}

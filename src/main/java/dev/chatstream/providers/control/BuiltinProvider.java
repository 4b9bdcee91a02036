package dev.chatstream.providers.control;

import dev.chatstream.providers.entity.Completion;
import dev.chatstream.providers.entity.GenerationRequest;
import dev.chatstream.shared.Usage;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline provider: needs nothing configured. It answers from the passages retrieved for the
 * question (extractive, with [n] markers), says plainly when the knowledge base has no answer,
 * and that it needs a collection when the thread has none; streamed word by word like a model.
 */
final class BuiltinProvider implements ChatProvider {

    static final String MODEL = "builtin-extractive";
    static final String NO_KNOWLEDGE_BASE = "I answer from your organisation's knowledge base, and this thread has no "
            + "collection to answer from, so I have nothing to answer that from. Create the thread with a collection, "
            + "or configure an LLM provider with CHAT_PROVIDER.";
    private static final Pattern WORD = Pattern.compile("\\S+\\s*");

    private final ManagedScheduledExecutorService scheduler;
    private final long wordDelayMillis;

    BuiltinProvider(ManagedScheduledExecutorService scheduler, long wordDelayMillis) {
        this.scheduler = scheduler;
        this.wordDelayMillis = wordDelayMillis;
    }

    @Override
    public String name() {
        return "builtin";
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public UpstreamCall start(GenerationRequest request, GenerationListener listener) {
        String answer = request.scriptedAnswer() != null ? request.scriptedAnswer()
                : request.sources() == null ? NO_KNOWLEDGE_BASE
                : request.sources().isEmpty() ? ExtractiveAnswer.NO_ANSWER
                : ExtractiveAnswer.answer(request.question(), request.sources());
        List<String> words = words(answer);
        var next = new AtomicInteger();
        var usage = Usage.of(Tokens.estimate(request), Tokens.estimate(answer));
        var emitter = new ScheduledFuture<?>[1];
        Runnable emit = () -> {
            int index = next.getAndIncrement();
            if (index < words.size()) {
                listener.onDelta(words.get(index));
            }
            if (index == words.size() - 1) {
                emitter[0].cancel(false);
                listener.onComplete(new Completion(usage, MODEL, "stop"));
            }
        };
        synchronized (emitter) {
            emitter[0] = scheduler.scheduleWithFixedDelay(emit, Math.max(1, wordDelayMillis), Math.max(1, wordDelayMillis), TimeUnit.MILLISECONDS);
        }
        return () -> emitter[0].cancel(false);
    }

    /** Words with their trailing space, so that the deltas concatenate back to the text. */
    static List<String> words(String text) {
        var words = new ArrayList<String>();
        Matcher matcher = WORD.matcher(text);
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }
}

package dev.chatstream.streaming.control;

import dev.chatstream.providers.control.GenerationListener;
import dev.chatstream.providers.entity.Completion;
import dev.chatstream.providers.entity.ProviderFailure;
import dev.chatstream.workflows.control.SentenceBoundaries;
import java.util.function.IntConsumer;

/**
 * A workflow step's {@code maxSentences}, enforced on the stream: once the Nth sentence is
 * certain, the answer ends there and the generation completes with {@code sentence_limit};
 * whatever the provider sends after is dropped (the run then stops it). No delta is held back:
 * a boundary is confirmed only by the start of the next sentence, so the part of a delta after
 * it is not passed on, and what was already passed after it (the space that followed the last
 * sentence) is cut from the answer through {@code cutAt}.
 */
final class SentenceLimit implements GenerationListener {

    static final String FINISH_REASON = "sentence_limit";

    private final GenerationListener target;
    private final IntConsumer cutAt;
    private final int maxSentences;
    private final String model;
    private final StringBuilder text = new StringBuilder();
    private boolean cut;

    SentenceLimit(GenerationListener target, IntConsumer cutAt, int maxSentences, String model) {
        this.target = target;
        this.cutAt = cutAt;
        this.maxSentences = maxSentences;
        this.model = model;
    }

    @Override
    public synchronized void onDelta(String delta) {
        if (cut) {
            return;
        }
        int before = text.length();
        text.append(delta);
        int end = SentenceBoundaries.endOfSentence(text.toString(), maxSentences, false);
        if (end < 0) {
            target.onDelta(delta);
            return;
        }
        cut = true;
        if (end > before) {
            target.onDelta(text.substring(before, end));
        } else {
            cutAt.accept(end);
        }
        // usage unknown: the provider reports it only at its own end, so the run estimates it
        target.onComplete(new Completion(null, model, FINISH_REASON));
    }

    @Override
    public synchronized void onComplete(Completion completion) {
        if (!cut) {
            target.onComplete(completion);
        }
    }

    @Override
    public synchronized void onFailure(ProviderFailure failure) {
        if (!cut) {
            target.onFailure(failure);
        }
    }
}

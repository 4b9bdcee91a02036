package dev.chatstream.streaming.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatstream.providers.control.GenerationListener;
import dev.chatstream.providers.entity.Completion;
import dev.chatstream.providers.entity.ProviderFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

class SentenceLimitTest {

    private final List<String> heard = new ArrayList<>();
    private final IntConsumer cutAt = length -> heard.add("cut:" + length);
    private final GenerationListener target = new GenerationListener() {
        @Override public void onDelta(String text) { heard.add("delta:" + text); }
        @Override public void onComplete(Completion completion) { heard.add("complete:" + completion.finishReason()); }
        @Override public void onFailure(ProviderFailure failure) { heard.add("failure"); }
    };

    @Test
    void cutsAfterTheLastSentenceAndDropsWhatFollows() {
        var limit = new SentenceLimit(target, cutAt, 2, "m");
        limit.onDelta("First one. Sec");
        limit.onDelta("ond one. Th");
        limit.onDelta("ird.");
        limit.onComplete(new Completion(null, "m", "stop"));
        assertEquals(List.of("delta:First one. Sec", "delta:ond one.", "complete:sentence_limit"), heard);
    }

    @Test
    void aBoundaryConfirmedByTheNextDeltaCutsWhatFollowedTheLastSentence() {
        var limit = new SentenceLimit(target, cutAt, 2, "m");
        limit.onDelta("One. ");
        limit.onDelta("Two. ");
        limit.onDelta("Three");
        assertEquals(List.of("delta:One. ", "delta:Two. ", "cut:9", "complete:sentence_limit"), heard);
    }

    @Test
    void anAnswerWithinTheLimitPassesUntouched() {
        var limit = new SentenceLimit(target, cutAt, 3, "m");
        limit.onDelta("Only one sentence");
        limit.onComplete(new Completion(null, "m", "stop"));
        assertEquals(List.of("delta:Only one sentence", "complete:stop"), heard);
    }
}

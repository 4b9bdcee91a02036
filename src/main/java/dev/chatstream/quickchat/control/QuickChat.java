package dev.chatstream.quickchat.control;

import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.security.control.Caller;
import dev.chatstream.streaming.control.RunService;
import dev.chatstream.streaming.control.SendOptions;
import dev.chatstream.streaming.control.SseSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.CompletionStage;

/**
 * One input answered by the chosen provider, as a thread of its own in the caller's list titled
 * by the input, so the exchange is stored, limited, measured and cancelled on disconnect like any send.
 */
@ApplicationScoped
public class QuickChat {

    private final RunService runs;

    @Inject
    public QuickChat(RunService runs) {
        this.runs = runs;
    }

    protected QuickChat() {
        this(null);
    }

    /** Streams the answer to {@code sink} in seed 001's chunk frames. */
    public void stream(Caller caller, String input, String provider, SseEventSink sink) {
        runs.sendInNewThread(caller, checked(input), input, SendOptions.by(provider), new SseSubscriber(sink, new ChunkDialect()));
    }

    /** The whole answer, or the primary API's problem (502, 503, 504) when the provider fails. */
    public CompletionStage<String> ask(Caller caller, String input, String provider) {
        return runs.sendInNewThreadAndWait(caller, checked(input), input, SendOptions.by(provider))
                .thenApply(result -> result.response());
    }

    private static String checked(String input) {
        if (input == null || input.isBlank()) {
            throw ProblemException.badRequest("user_input must not be blank");
        }
        return input;
    }
}

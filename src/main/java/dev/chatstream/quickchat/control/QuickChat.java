package dev.chatstream.quickchat.control;

import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.providers.control.Providers;
import dev.chatstream.security.control.Caller;
import dev.chatstream.streaming.control.RunService;
import dev.chatstream.streaming.control.SendOptions;
import dev.chatstream.streaming.control.SseSubscriber;
import dev.chatstream.threads.control.ThreadService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One input answered by the chosen provider, as a thread of its own in the caller's list, so the
 * exchange is stored, limited, measured and cancelled on disconnect like any send.
 */
@ApplicationScoped
public class QuickChat {

    /** How much of the input titles its thread. */
    static final int TITLE_CHARS = 80;

    private final ThreadService threads;
    private final RunService runs;
    private final Providers providers;

    @Inject
    public QuickChat(ThreadService threads, RunService runs, Providers providers) {
        this.threads = threads;
        this.runs = runs;
        this.providers = providers;
    }

    protected QuickChat() {
        this(null, null, null);
    }

    /** Streams the answer to {@code sink} in seed 001's chunk frames. */
    public void stream(Caller caller, String input, String provider, SseEventSink sink) {
        inNewThread(caller, input, provider, thread ->
                runs.send(caller, thread, input, null, new SendOptions(provider, false), new SseSubscriber(sink, new ChunkDialect())));
    }

    /** The whole answer, or the primary API's problem (502, 503, 504) when the provider fails. */
    public CompletionStage<String> ask(Caller caller, String input, String provider) {
        return inNewThread(caller, input, provider, thread ->
                runs.sendAndWait(caller, thread, input, null, new SendOptions(provider, false)))
                .thenApply(result -> result.response());
    }

    /**
     * Runs {@code send} on a new thread titled by the input. A send refused before anything was
     * stored (too long, rate limited) takes the empty thread with it.
     */
    private <T> T inNewThread(Caller caller, String input, String provider, Function<String, T> send) {
        if (input == null || input.isBlank()) {
            throw ProblemException.badRequest("user_input must not be blank");
        }
        providers.named(provider);
        String title = input.strip();
        if (title.codePointCount(0, title.length()) > TITLE_CHARS) {
            title = title.substring(0, title.offsetByCodePoints(0, TITLE_CHARS));
        }
        var thread = threads.create(caller.owner(), title, null, null);
        try {
            return send.apply(thread.id());
        } catch (RuntimeException refused) {
            threads.delete(caller.owner(), thread.id());
            throw refused;
        }
    }
}

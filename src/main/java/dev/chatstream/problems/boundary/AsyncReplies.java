package dev.chatstream.problems.boundary;

import jakarta.ws.rs.container.AsyncResponse;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Answers a suspended request when its work completes: the value, or the failure for the exception mappers. */
public final class AsyncReplies {

    private AsyncReplies() {
    }

    public static void resume(AsyncResponse response, CompletionStage<?> work) {
        work.whenComplete((value, failure) -> {
            if (failure == null) {
                response.resume(value);
            } else {
                // resume(Throwable), not resume(Object): the failure goes to the exception mappers
                response.resume(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
            }
        });
    }
}

package dev.chatstream.streaming.boundary;

import dev.chatstream.problems.boundary.AsyncReplies;
import dev.chatstream.security.boundary.Authenticated;
import dev.chatstream.security.control.Caller;
import dev.chatstream.streaming.control.RunService;
import dev.chatstream.streaming.control.SseSubscriber;
import dev.chatstream.threads.boundary.Requests;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * Sending a message to be answered, streamed or whole, and regenerating an answer: each starts a
 * run. The same path as the thread's message list (threads.boundary), which JAX-RS serves from
 * both resources by method.
 */
@Path("chat/threads/{threadId}/messages")
@RequestScoped
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SendsResource {

    /** A retried send with the same key joins the first send's run instead of sending twice. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final RunService runs;
    private final Caller caller;

    @Inject
    public SendsResource(RunService runs, Caller caller) {
        this.runs = runs;
        this.caller = caller;
    }

    public SendsResource() {
        this(null, null);
    }

    /** Answers 200 with the whole answer once its run ends; no thread waits meanwhile. */
    @POST
    public void send(@PathParam("threadId") String threadId, @NotNull Requests.SendMessage request,
                     @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, @Suspended AsyncResponse response) {
        AsyncReplies.resume(response, runs.sendAndWait(caller, threadId, request.content(), idempotencyKey));
    }

    @POST
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@PathParam("threadId") String threadId, @NotNull Requests.SendMessage request,
                       @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, @Context SseEventSink sink) {
        runs.send(caller, threadId, request.content(), idempotencyKey, new SseSubscriber(sink));
    }

    @POST
    @Path("{messageId}/regenerate/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void regenerate(@PathParam("threadId") String threadId, @PathParam("messageId") String messageId,
                           @Context SseEventSink sink) {
        runs.regenerate(caller, threadId, messageId, new SseSubscriber(sink));
    }
}

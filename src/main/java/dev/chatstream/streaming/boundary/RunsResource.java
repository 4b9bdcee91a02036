package dev.chatstream.streaming.boundary;

import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.security.boundary.Authenticated;
import dev.chatstream.security.boundary.TokenInQuery;
import dev.chatstream.security.control.Caller;
import dev.chatstream.streaming.control.RunService;
import dev.chatstream.streaming.control.SseSubscriber;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.SseEventSink;

/** A run apart from the request that started it: rejoin its events, or cancel it. */
@Path("chat/threads/{threadId}/runs/{runId}")
@RequestScoped
@Authenticated
public class RunsResource {

    private final RunService runs;
    private final Caller caller;

    @Inject
    public RunsResource(RunService runs, Caller caller) {
        this.runs = runs;
        this.caller = caller;
    }

    public RunsResource() {
        this(null, null);
    }

    /** Replays what the reader missed after its Last-Event-ID (all of it without one), then goes on live. */
    @GET
    @Path("events")
    @TokenInQuery
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("threadId") String threadId, @PathParam("runId") String runId,
                       @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventId,
                       @Context SseEventSink sink) {
        runs.join(caller, threadId, runId, seqAfter(runId, lastEventId), new SseSubscriber(sink));
    }

    @POST
    @Path("cancel")
    @Produces(MediaType.APPLICATION_JSON)
    public Response cancel(@PathParam("threadId") String threadId, @PathParam("runId") String runId) {
        runs.cancel(caller, threadId, runId);
        return Response.accepted().build();
    }

    /** The seq of {@code <runId>:<seq>}; 0 without a header. */
    static long seqAfter(String runId, String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        int colon = lastEventId.lastIndexOf(':');
        try {
            if (colon < 0 || !lastEventId.substring(0, colon).trim().equals(runId)) {
                throw new NumberFormatException();
            }
            long seq = Long.parseLong(lastEventId.substring(colon + 1).trim());
            if (seq < 0) {
                throw new NumberFormatException();
            }
            return seq;
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("Last-Event-ID must be <runId>:<seq> of this run");
        }
    }
}

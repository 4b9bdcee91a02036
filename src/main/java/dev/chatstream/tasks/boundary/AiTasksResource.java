package dev.chatstream.tasks.boundary;

import dev.chatstream.problems.boundary.AsyncReplies;
import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.security.boundary.Authenticated;
import dev.chatstream.security.control.Caller;
import dev.chatstream.tasks.control.AiTasks;
import dev.chatstream.tasks.control.TaskResults;
import dev.chatstream.tasks.entity.KeptResult;
import dev.chatstream.tasks.entity.TaskRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * Seeds 002/004's AI tasks on an issue: {@code refine-description}, {@code estimate-points} and
 * {@code breakdown-issue}, each streamed ({@code -stream}) or whole, and the kept results.
 */
@Path("ai")
@RequestScoped
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AiTasksResource {

    /** The tasks' names, and so their definitions' (tasks/*.json). */
    static final String REFINE = "refine-description";
    static final String ESTIMATE = "estimate-points";
    static final String BREAKDOWN = "breakdown-issue";

    private final AiTasks tasks;
    private final TaskResults results;
    private final Caller caller;

    @Inject
    public AiTasksResource(AiTasks tasks, TaskResults results, Caller caller) {
        this.tasks = tasks;
        this.results = results;
        this.caller = caller;
    }

    public AiTasksResource() {
        this(null, null, null);
    }

    @POST
    @Path("refine-description-stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void refineStream(TaskRequest request, @Context SseEventSink sink) {
        tasks.stream(caller, REFINE, request, sink);
    }

    @POST
    @Path("estimate-points-stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void estimateStream(TaskRequest request, @Context SseEventSink sink) {
        tasks.stream(caller, ESTIMATE, request, sink);
    }

    @POST
    @Path("breakdown-issue-stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void breakdownStream(TaskRequest request, @Context SseEventSink sink) {
        tasks.stream(caller, BREAKDOWN, request, sink);
    }

    /** Each whole answer arrives once complete; no thread waits meanwhile. */
    @POST
    @Path("refine-description")
    public void refine(TaskRequest request, @Suspended AsyncResponse response) {
        AsyncReplies.resume(response, tasks.answer(caller, REFINE, request));
    }

    @POST
    @Path("estimate-points")
    public void estimate(TaskRequest request, @Suspended AsyncResponse response) {
        AsyncReplies.resume(response, tasks.answer(caller, ESTIMATE, request));
    }

    @POST
    @Path("breakdown-issue")
    public void breakdown(TaskRequest request, @Suspended AsyncResponse response) {
        AsyncReplies.resume(response, tasks.answer(caller, BREAKDOWN, request));
    }

    @GET
    @Path("results")
    public KeptResult.Results results(@QueryParam("issueId") String issueId) {
        if (issueId == null || issueId.isBlank()) {
            throw ProblemException.badRequest("issueId is required");
        }
        return new KeptResult.Results(results.of(caller.owner(), issueId.strip()));
    }
}

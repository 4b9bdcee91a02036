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
import jakarta.ws.rs.PathParam;
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

    /** The endpoints' task names, and so the bundled definitions'. */
    private static final String TASKS = "refine-description|estimate-points|breakdown-issue";

    private final AiTasks tasks;
    private final TaskResults results;
    private final Caller caller;

    @Inject
    public AiTasksResource(AiTasks tasks, TaskResults results, Caller caller) {
        this.tasks = tasks;
        this.results = results;
        this.caller = caller;
    }

    protected AiTasksResource() {
        this(null, null, null);
    }

    @POST
    @Path("{task:" + TASKS + "}-stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@PathParam("task") String task, TaskRequest request, @Context SseEventSink sink) {
        tasks.stream(caller, task, request, sink);
    }

    /** Answers once the answer is complete; no thread waits meanwhile. */
    @POST
    @Path("{task:" + TASKS + "}")
    public void answer(@PathParam("task") String task, TaskRequest request, @Suspended AsyncResponse response) {
        AsyncReplies.resume(response, tasks.answer(caller, task, request));
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

package dev.chatstream.threads.boundary;

import dev.chatstream.knowledge.control.KnowledgeService;
import dev.chatstream.security.boundary.Authenticated;
import dev.chatstream.security.control.Caller;
import dev.chatstream.threads.control.ThreadService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

@Path("chat/threads")
@RequestScoped
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ThreadsResource {

    private final ThreadService threads;
    private final KnowledgeService knowledge;
    private final Caller caller;

    @Inject
    public ThreadsResource(ThreadService threads, KnowledgeService knowledge, Caller caller) {
        this.threads = threads;
        this.knowledge = knowledge;
        this.caller = caller;
    }

    public ThreadsResource() {
        this(null, null, null);
    }

    @POST
    public Response create(Requests.CreateThread request, @Context UriInfo uri) {
        var body = request == null ? new Requests.CreateThread(null, null, null) : request;
        if (body.collection() != null) {
            knowledge.requireCollection(caller, body.collection());
        }
        var thread = threads.create(caller.owner(), body.title(), body.collection(), body.workflow());
        return Response.created(uri.getAbsolutePathBuilder().path(thread.id()).build())
                .entity(new Responses.OneThread(thread)).build();
    }

    @GET
    public Responses.ThreadList list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        var page = threads.list(caller.owner(), limit, cursor);
        return new Responses.ThreadList(page.items(), page.nextCursor());
    }

    @GET
    @Path("{threadId}")
    public Responses.OneThread get(@PathParam("threadId") String threadId) {
        return new Responses.OneThread(threads.get(caller.owner(), threadId));
    }

    @PATCH
    @Path("{threadId}")
    public Responses.OneThread rename(@PathParam("threadId") String threadId,
                                      Requests.RenameThread request) {
        return new Responses.OneThread(threads.rename(caller.owner(), threadId, request == null ? null : request.title()));
    }

    @DELETE
    @Path("{threadId}")
    public Response delete(@PathParam("threadId") String threadId) {
        threads.delete(caller.owner(), threadId);
        return Response.noContent().build();
    }
}

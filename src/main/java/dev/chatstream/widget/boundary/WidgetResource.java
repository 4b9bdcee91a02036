package dev.chatstream.widget.boundary;

import dev.chatstream.security.control.ClientAddresses;
import dev.chatstream.widget.control.WidgetChat;
import dev.chatstream.widget.entity.WidgetHistory;
import dev.chatstream.widget.entity.WidgetQuestion;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * Seed 000's endpoints, anonymous: a question to a public collection streamed in the seed's
 * frames, and the session's history. Open to the sites in {@code CHAT_WIDGET_ORIGINS} ({@link WidgetPaths}).
 */
@Path("")
@RequestScoped
public class WidgetResource {

    private final WidgetChat chat;
    private final ClientAddresses clients;

    @Inject
    public WidgetResource(WidgetChat chat, ClientAddresses clients) {
        this.chat = chat;
        this.clients = clients;
    }

    public WidgetResource() {
        this(null, null);
    }

    @POST
    @Path(WidgetPaths.STREAM)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(WidgetQuestion question, @Context HttpServletRequest request,
                       @HeaderParam("X-Forwarded-For") String forwardedFor, @Context SseEventSink sink) {
        chat.ask(question, clients.of(request.getRemoteAddr(), forwardedFor), sink);
    }

    @GET
    @Path(WidgetPaths.HISTORY + "/{sessionId}")
    @Produces(MediaType.APPLICATION_JSON)
    public WidgetHistory history(@PathParam("sessionId") String sessionId, @QueryParam("tokenSlug") String tokenSlug) {
        return chat.history(tokenSlug, sessionId);
    }

    @DELETE
    @Path(WidgetPaths.HISTORY + "/{sessionId}")
    public Response clear(@PathParam("sessionId") String sessionId, @QueryParam("tokenSlug") String tokenSlug) {
        chat.clear(tokenSlug, sessionId);
        return Response.noContent().build();
    }
}

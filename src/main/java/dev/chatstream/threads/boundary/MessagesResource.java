package dev.chatstream.threads.boundary;

import dev.chatstream.security.boundary.Authenticated;
import dev.chatstream.security.control.Caller;
import dev.chatstream.threads.control.Exchanges;
import dev.chatstream.threads.control.MessageService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** A thread's messages as stored: pages of them, and the versions of an answer. Sending is in streaming.boundary. */
@Path("chat/threads/{threadId}/messages")
@RequestScoped
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MessagesResource {

    private final MessageService messages;
    private final Exchanges exchanges;
    private final Caller caller;

    @Inject
    public MessagesResource(MessageService messages, Exchanges exchanges, Caller caller) {
        this.messages = messages;
        this.exchanges = exchanges;
        this.caller = caller;
    }

    public MessagesResource() {
        this(null, null, null);
    }

    @GET
    public Responses.MessageList list(@PathParam("threadId") String threadId, @QueryParam("limit") Integer limit,
                                      @QueryParam("before") String before, @QueryParam("versions") String versions) {
        var page = messages.list(caller.owner(), threadId, limit, before, "all".equals(versions));
        return new Responses.MessageList(page.items(), page.nextCursor());
    }

    @GET
    @Path("{messageId}/versions")
    public Responses.Versions versions(@PathParam("threadId") String threadId, @PathParam("messageId") String messageId) {
        return new Responses.Versions(exchanges.versions(caller.owner(), threadId, messageId));
    }
}

package dev.chatstream.quickchat.boundary;

import dev.chatstream.problems.boundary.AsyncReplies;
import dev.chatstream.quickchat.control.QuickChat;
import dev.chatstream.quickchat.entity.AskReply;
import dev.chatstream.quickchat.entity.QuickChatRequest;
import dev.chatstream.security.boundary.Authenticated;
import dev.chatstream.security.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;

/** Seed 001's non-streaming ask: {@code {"response"}} once the answer is complete; no thread waits meanwhile. */
@Path("flows")
@RequestScoped
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FlowsResource {

    private final QuickChat chat;
    private final Caller caller;

    @Inject
    public FlowsResource(QuickChat chat, Caller caller) {
        this.chat = chat;
        this.caller = caller;
    }

    public FlowsResource() {
        this(null, null);
    }

    @POST
    @Path("ask")
    public void ask(QuickChatRequest request, @Suspended AsyncResponse response) {
        AsyncReplies.resume(response, chat.ask(caller, request == null ? null : request.userInput(),
                request == null ? null : request.provider()).thenApply(AskReply::new));
    }
}

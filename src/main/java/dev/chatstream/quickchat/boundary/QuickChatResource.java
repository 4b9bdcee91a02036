package dev.chatstream.quickchat.boundary;

import dev.chatstream.quickchat.control.DemoStream;
import dev.chatstream.quickchat.control.QuickChat;
import dev.chatstream.quickchat.entity.QuickChatRequest;
import dev.chatstream.security.boundary.Authenticated;
import dev.chatstream.security.boundary.TokenInQuery;
import dev.chatstream.security.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/** Seed 001's streams: an answer to one input from the chosen provider, by POST or by GET for EventSource, and a demo. */
@Path("stream")
@RequestScoped
@Authenticated
@Produces(MediaType.SERVER_SENT_EVENTS)
public class QuickChatResource {

    private final QuickChat chat;
    private final DemoStream demo;
    private final Caller caller;

    @Inject
    public QuickChatResource(QuickChat chat, DemoStream demo, Caller caller) {
        this.chat = chat;
        this.demo = demo;
        this.caller = caller;
    }

    public QuickChatResource() {
        this(null, null, null);
    }

    @POST
    @Path("chat")
    @Consumes(MediaType.APPLICATION_JSON)
    public void chat(QuickChatRequest request, @Context SseEventSink sink) {
        chat.stream(caller, request == null ? null : request.userInput(), request == null ? null : request.provider(), sink);
    }

    /** The same for a browser's EventSource, which can only GET and cannot send headers. */
    @GET
    @Path("chat-get")
    @TokenInQuery
    public void chatGet(@QueryParam("user_input") String input, @QueryParam("provider") String provider,
                        @Context SseEventSink sink) {
        chat.stream(caller, input, provider, sink);
    }

    @GET
    @Path("sse")
    @TokenInQuery
    public void demo(@Context Sse sse, @Context SseEventSink sink) {
        demo.start(sse, sink);
    }
}

package dev.chatstream.widget.control;

import dev.chatstream.knowledge.control.KnowledgeService;
import dev.chatstream.knowledge.entity.Views.PublicCollection;
import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.security.control.Caller;
import dev.chatstream.shared.Owner;
import dev.chatstream.streaming.control.RunService;
import dev.chatstream.streaming.control.SendOptions;
import dev.chatstream.streaming.control.SlidingWindowLimit;
import dev.chatstream.streaming.control.SseSubscriber;
import dev.chatstream.streaming.control.Ticker;
import dev.chatstream.threads.control.MessageService;
import dev.chatstream.threads.control.ThreadService;
import dev.chatstream.threads.entity.MessageRole;
import dev.chatstream.threads.entity.MessageView;
import dev.chatstream.widget.entity.WidgetCitation;
import dev.chatstream.widget.entity.WidgetHistory;
import dev.chatstream.widget.entity.WidgetQuestion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Anonymous questions to a public collection. A widget session is a user of the collection's
 * organisation of its own ({@code widget:<sessionId>}, clearance 0) with one thread on the
 * collection, so its messages are stored, limited and measured like anyone's, and the history is
 * that thread. A collection that is not public is as good as missing.
 */
@ApplicationScoped
public class WidgetChat {

    static final String USER_PREFIX = "widget:";
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final int MAX_LANGUAGE_CHARS = 35;
    /** A conversation's history is its newest messages, at most this many. */
    private static final int HISTORY_LIMIT = 200;

    /** Questions from one client to one collection. */
    private record Client(String address, String collection) {
    }

    private final KnowledgeService knowledge;
    private final ThreadService threads;
    private final MessageService messages;
    private final RunService runs;
    private final SlidingWindowLimit<Client> limit;
    /** Creating a session's thread is serialised per session, so that two first questions make one thread. */
    private final Object[] sessionLocks = new Object[64];

    @Inject
    public WidgetChat(KnowledgeService knowledge, ThreadService threads, MessageService messages, RunService runs,
                      @ConfigProperty(name = "CHAT_WIDGET_RATE_LIMIT_PER_MINUTE") int perMinute) {
        this.knowledge = knowledge;
        this.threads = threads;
        this.messages = messages;
        this.runs = runs;
        this.limit = new SlidingWindowLimit<>(perMinute, "questions", Ticker.SYSTEM);
        for (int i = 0; i < sessionLocks.length; i++) {
            sessionLocks[i] = new Object();
        }
    }

    protected WidgetChat() {
        this(null, null, null, null, 1);
    }

    /** Streams the answer in the seed's frames; {@code client} is the address the per-client limit counts. */
    public void ask(WidgetQuestion question, String client, SseEventSink sink) {
        if (question == null || question.question() == null || question.question().isBlank()) {
            throw ProblemException.badRequest("question must not be blank");
        }
        String language = language(question.language());
        String sessionId = question.sessionId() == null ? UUID.randomUUID().toString() : checkedSession(question.sessionId());
        var collection = publicCollection(question.tokenSlug());
        limit.admit(new Client(client, collection.slug()));
        var caller = new Caller(owner(collection, sessionId), 0, false, new Caller.Profile(null, null, language));
        String threadId = sessionThread(caller.owner(), collection);
        runs.send(caller, threadId, question.question(), null, new SendOptions(null, true, null, null),
                new SseSubscriber(sink, new WidgetDialect()));
    }

    /** The session's conversation, oldest first; an unknown session has none. */
    public WidgetHistory history(String tokenSlug, String sessionId) {
        var collection = publicCollection(tokenSlug);
        var owner = owner(collection, checkedSession(sessionId));
        return threads.newest(owner, collection.slug())
                .map(thread -> messages.list(owner, thread.id(), HISTORY_LIMIT, null, false).items().stream()
                        .filter(message -> message.role() == MessageRole.user || !message.content().isEmpty())
                        .map(WidgetChat::view).toList())
                .map(WidgetHistory::new)
                .orElse(new WidgetHistory(List.of()));
    }

    /** Forgets the session's conversation. */
    public void clear(String tokenSlug, String sessionId) {
        var collection = publicCollection(tokenSlug);
        var owner = owner(collection, checkedSession(sessionId));
        threads.newest(owner, collection.slug()).ifPresent(thread -> threads.delete(owner, thread.id()));
    }

    private PublicCollection publicCollection(String slug) {
        if (slug == null || slug.isBlank()) {
            throw ProblemException.badRequest("tokenSlug must not be blank");
        }
        return knowledge.publicCollection(slug.trim()).orElseThrow(() -> ProblemException.notFound("Collection"));
    }

    private String sessionThread(Owner owner, PublicCollection collection) {
        synchronized (sessionLocks[Math.floorMod(owner.hashCode(), sessionLocks.length)]) {
            return threads.newest(owner, collection.slug())
                    .orElseGet(() -> threads.create(owner, collection.name(), collection.slug(), null)).id();
        }
    }

    private static Owner owner(PublicCollection collection, String sessionId) {
        return new Owner(collection.orgId(), USER_PREFIX + sessionId);
    }

    private static String checkedSession(String sessionId) {
        if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
            throw ProblemException.badRequest("sessionId must be 1-128 letters, digits and . _ : -");
        }
        return sessionId;
    }

    private static String language(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        if (tag.length() > MAX_LANGUAGE_CHARS) {
            throw ProblemException.badRequest("language must be a BCP 47 tag such as en or vi");
        }
        return tag.trim();
    }

    private static WidgetHistory.Message view(MessageView message) {
        return new WidgetHistory.Message(message.id(), message.role().name(), message.content(),
                message.citations().stream().map(WidgetCitation::of).toList(), message.status().name(),
                message.createdAt());
    }
}

package dev.chatstream.threads.control;

import dev.chatstream.platform.MappedEntities;
import dev.chatstream.threads.entity.ChatMessage;
import dev.chatstream.threads.entity.ChatThread;
import dev.chatstream.threads.entity.MessageCitation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Threads, their messages and the citations of answers, for the database. */
@ApplicationScoped
public class ThreadEntities implements MappedEntities {

    @Override
    public List<Class<?>> entities() {
        return List.of(ChatThread.class, ChatMessage.class, MessageCitation.class);
    }
}

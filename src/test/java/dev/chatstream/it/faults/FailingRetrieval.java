package dev.chatstream.it.faults;

import dev.chatstream.knowledge.control.Embedder;
import dev.chatstream.knowledge.control.IngestionLanes;
import dev.chatstream.knowledge.control.KnowledgeService;
import dev.chatstream.knowledge.entity.Passage;
import dev.chatstream.platform.Database;
import dev.chatstream.security.control.Caller;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.util.List;

/** Retrieval for a question with {@code inject:retrieval} throws, after the send was admitted. */
@Alternative
@Priority(1000)
@ApplicationScoped
public class FailingRetrieval extends KnowledgeService {

    @Inject
    public FailingRetrieval(Database database, Embedder embedder, IngestionLanes lanes) {
        super(database, embedder, lanes);
    }

    protected FailingRetrieval() {
        this(null, null, null);
    }

    @Override
    public List<Passage> retrieve(Caller caller, String slug, String question) {
        if (question.contains("inject:retrieval")) {
            throw new IllegalStateException("injected: the index is unreadable");
        }
        return super.retrieve(caller, slug, question);
    }
}

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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Retrieval for a question with {@code inject:retrieval} throws, after the send was admitted. */
@Alternative
@Priority(1000)
@ApplicationScoped
public class FailingRetrieval extends KnowledgeService {

    @Inject
    public FailingRetrieval(Database database, Embedder embedder, IngestionLanes lanes,
                            @ConfigProperty(name = "CHAT_INGEST_QUEUE_BYTES") int ingestionBudgetBytes) {
        super(database, embedder, lanes, ingestionBudgetBytes);
    }

    protected FailingRetrieval() {
        this(null, null, null, 0);
    }

    @Override
    public List<Passage> retrieve(Caller caller, String slug, String question) {
        if (question.contains("inject:retrieval")) {
            throw new IllegalStateException("injected: the index is unreadable");
        }
        return super.retrieve(caller, slug, question);
    }
}

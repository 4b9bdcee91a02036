package dev.chatstream.knowledge.control;

import dev.chatstream.knowledge.entity.KbChunk;
import dev.chatstream.knowledge.entity.KbCollection;
import dev.chatstream.knowledge.entity.KbDocument;
import dev.chatstream.platform.MappedEntities;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Collections, documents and their indexed chunks, for the database, with the index's analysis. */
@ApplicationScoped
public class KnowledgeEntities implements MappedEntities {

    @Override
    public List<Class<?>> entities() {
        return List.of(KbCollection.class, KbDocument.class, KbChunk.class);
    }

    @Override
    public Map<String, String> settings() {
        return Map.of("hibernate.search.backend.analysis.configurer", "class:" + ProseAnalysis.class.getName());
    }
}

package dev.chatstream.knowledge.control;

import dev.chatstream.knowledge.entity.Views.CollectionView;
import dev.chatstream.platform.Startup;
import dev.chatstream.security.control.Caller;
import dev.chatstream.security.control.DevToken;
import dev.chatstream.shared.Owner;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * On the first start with the development key, loads the product's own documentation as the
 * collection {@value #SLUG} of the development token's organisation, so that a newcomer can ask
 * questions with nothing configured; public, so that the widget's endpoints can ask it too.
 */
@ApplicationScoped
public class SampleKnowledge {

    static final String SLUG = "chatstream-docs";
    private static final Logger LOG = Logger.getLogger(SampleKnowledge.class.getName());
    private static final List<String> FILES = List.of("README.md", "docs/design.md", "docs/performance.md", "docs/knowledge.md");

    void onStart(@Observes @Priority(Startup.ORDER + 900) Startup.Starting event, Config config, KnowledgeService knowledge) {
        if (!config.getOptionalValue("chatstream.dev-key.active", Boolean.class).orElse(false)) {
            return;
        }
        var admin = new Caller(new Owner(DevToken.ORG, DevToken.USER), 0, true);
        if (knowledge.collections(admin).stream().map(CollectionView::slug).anyMatch(SLUG::equals)) {
            return;
        }
        knowledge.createCollection(admin, SLUG, "chatstream documentation", "How chatstream works and how to run it", true);
        for (String file : FILES) {
            try (InputStream in = SampleKnowledge.class.getClassLoader().getResourceAsStream("sample-kb/" + file)) {
                if (in != null) {
                    knowledge.addDocument(admin, SLUG, new KnowledgeService.NewDocument(file, null, "text/markdown", null, in.readAllBytes(), 0));
                }
            } catch (IOException e) {
                LOG.warning("Cannot read the sample document " + file + ": " + e.getMessage());
            }
        }
        LOG.info(() -> "Loaded the sample collection '" + SLUG + "' for the development token's organisation");
    }
}

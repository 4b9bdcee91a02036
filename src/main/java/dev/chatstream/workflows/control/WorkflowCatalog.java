package dev.chatstream.workflows.control;

import dev.chatstream.platform.DefinitionFiles;
import dev.chatstream.workflows.entity.Workflow;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The workflows: those bundled under {@code workflows/} and any {@code *.json} in
 * CHAT_WORKFLOWS_DIR, read at start. A file that does not parse or validate is reported in the
 * log and skipped; it never fails the deployment. A later file with the same name replaces an
 * earlier one, so an operator can override a bundled workflow.
 */
@ApplicationScoped
public class WorkflowCatalog {

    private static final Logger LOG = Logger.getLogger(WorkflowCatalog.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** The bundled files; the class path cannot be listed portably inside a WAR. */
    private static final List<String> BUNDLED = List.of("project-intake.json", "support-triage.json");

    private final Optional<String> directory;
    private final Map<String, Workflow> workflows = new TreeMap<>();

    @Inject
    public WorkflowCatalog(@ConfigProperty(name = "CHAT_WORKFLOWS_DIR") Optional<String> directory) {
        this.directory = directory;
    }

    protected WorkflowCatalog() {
        this(Optional.empty());
    }

    @PostConstruct
    void load() {
        DefinitionFiles.load("workflow", "workflows", BUNDLED, directory, Workflow.class, WorkflowCatalog::validate,
                workflow -> workflows.put(workflow.name(), workflow));
        LOG.info(() -> "Workflows: " + workflows.keySet());
    }

    public List<Workflow> all() {
        return List.copyOf(workflows.values());
    }

    public Optional<Workflow> find(String name) {
        return Optional.ofNullable(workflows.get(name));
    }

    static List<String> validate(Workflow workflow) {
        var problems = new ArrayList<String>();
        if (workflow == null) {
            return List.of("empty");
        }
        if (workflow.name() == null || !NAME.matcher(workflow.name()).matches()) {
            problems.add("name must be 1-64 lower-case letters, digits and dashes");
        }
        if (workflow.steps() == null || workflow.steps().isEmpty()) {
            problems.add("steps must not be empty");
            return problems;
        }
        var ids = new HashSet<String>();
        for (int i = 0; i < workflow.steps().size(); i++) {
            var step = workflow.steps().get(i);
            String at = "step " + i + ": ";
            if (step == null) {
                problems.add(at + "empty");
                continue;
            }
            if (step.id() == null || step.id().isBlank() || !ids.add(step.id())) {
                problems.add(at + "id must be present and unique");
            }
            if (step.name() == null || step.name().isBlank()) {
                problems.add(at + "name must be present");
            }
            if (step.instructions() == null || step.instructions().isBlank()) {
                problems.add(at + "instructions must be present");
            }
            if (step.maxTokens() <= 0) {
                problems.add(at + "maxTokens must be positive");
            }
            if (step.maxSentences() != null && step.maxSentences() <= 0) {
                problems.add(at + "maxSentences must be positive when set");
            }
        }
        return problems;
    }
}

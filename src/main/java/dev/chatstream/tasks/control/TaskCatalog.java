package dev.chatstream.tasks.control;

import dev.chatstream.platform.DefinitionFiles;
import dev.chatstream.tasks.entity.TaskDefinition;
import dev.chatstream.tasks.entity.TaskDefinition.FieldRule;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The AI tasks: the bundled definitions under {@code tasks/}, each replaceable (by name) from a
 * {@code *.json} in CHAT_TASKS_DIR, so that a company changes prompts and rules without a build.
 * A file that does not parse or validate is reported in the log and skipped.
 */
@ApplicationScoped
public class TaskCatalog {

    private static final Logger LOG = Logger.getLogger(TaskCatalog.class.getName());
    /** The endpoints' tasks: each needs a definition. */
    static final List<String> BUNDLED = List.of("refine-description.json", "estimate-points.json", "breakdown-issue.json");
    private static final Set<String> TYPES = Set.of("integer", "number", "string", "array");

    private final Optional<String> directory;
    private final Map<String, TaskDefinition> tasks = new TreeMap<>();

    @Inject
    public TaskCatalog(@ConfigProperty(name = "CHAT_TASKS_DIR") Optional<String> directory) {
        this.directory = directory;
    }

    protected TaskCatalog() {
        this(Optional.empty());
    }

    @PostConstruct
    void load() {
        DefinitionFiles.load("task", "tasks", BUNDLED, directory, TaskDefinition.class, TaskCatalog::validate,
                task -> tasks.put(task.name(), task));
        LOG.info(() -> "AI tasks: " + tasks.keySet());
    }

    /** The task called {@code name}; every endpoint's task is bundled, so only a broken override can lack one. */
    public TaskDefinition get(String name) {
        var task = tasks.get(name);
        if (task == null) {
            throw new IllegalStateException("No definition of the AI task " + name);
        }
        return task;
    }

    static List<String> validate(TaskDefinition task) {
        var problems = new ArrayList<String>();
        if (task == null) {
            return List.of("empty");
        }
        if (task.name() == null || task.name().isBlank()) {
            problems.add("name must be present");
        }
        if (task.instructions() == null || task.instructions().isBlank()) {
            problems.add("instructions must be present");
        }
        if (task.output() == null || task.output().isEmpty()) {
            problems.add("output must name the tail's fields");
        } else {
            checkRules("output", task.output(), problems);
        }
        if (task.metadata() == null) {
            problems.add("metadata must be present (it may be empty)");
        }
        return problems;
    }

    private static void checkRules(String at, Map<String, FieldRule> rules, List<String> problems) {
        rules.forEach((name, rule) -> {
            if (rule == null || rule.type() == null || !TYPES.contains(rule.type())) {
                problems.add(at + "." + name + ": type must be one of " + TYPES);
            } else if (rule.items() != null) {
                checkRules(at + "." + name, rule.items(), problems);
            }
        });
    }
}

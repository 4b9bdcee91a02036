package dev.chatstream.tasks.control;

import dev.chatstream.platform.Json;
import dev.chatstream.tasks.entity.TaskRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the builtin provider answers each task with, offline and deterministic: heuristics over
 * the description's own words (its requirements, the areas it touches, its type and priority),
 * ending with the same structured tail a model is asked for.
 */
final class OfflineTasks {

    static final List<Integer> FIBONACCI = List.of(1, 2, 3, 5, 8, 13, 21);
    /** Words that signal work beyond the visible change: each adds to the estimate. */
    private static final Map<String, Pattern> RISKY_AREAS = new LinkedHashMap<>();

    static {
        for (String area : List.of("api", "integration", "migration", "database", "schema", "security", "auth", "login",
                "permission", "payment", "billing", "performance", "cache", "sync", "offline", "import", "export",
                "notification", "email", "search", "report", "upload", "mobile", "encryption", "audit")) {
            RISKY_AREAS.put(area, Pattern.compile("\\b" + area + "\\w*"));
        }
    }
    private static final Pattern REQUIREMENTS = Pattern.compile("(?<=[.!?;\\n])\\s+|\\s+and\\s+(?=\\w+\\s)|\\n");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private OfflineTasks() {
    }

    static String answer(String task, TaskRequest issue) {
        return switch (task) {
            case "refine-description" -> refine(issue);
            case "estimate-points" -> estimate(issue);
            case "breakdown-issue" -> breakdown(issue);
            default -> "This task has no offline answer; configure an LLM provider for it.";
        };
    }

    private static String refine(TaskRequest issue) {
        var requirements = requirements(issue.currentDescription());
        boolean bug = "BUG".equalsIgnoreCase(issue.issueType());
        var text = new StringBuilder();
        text.append("**User story**\n\nAs a user, I want ").append(goal(requirements.get(0)))
                .append(", so that I can rely on it working as described in ").append(issue.issueId()).append(".\n\n");
        if (requirements.size() > 1) {
            text.append("**Details**\n\n");
            requirements.subList(1, requirements.size()).forEach(requirement -> text.append("- ").append(sentence(requirement)).append('\n'));
            text.append('\n');
        }
        var criteria = new ArrayList<String>();
        if (bug) {
            criteria.add("The problem described no longer occurs");
            criteria.add("A regression test reproduces the original problem and passes");
        }
        requirements.forEach(requirement -> criteria.add(capitalised(strip(requirement)) + ", and a test shows it"));
        criteria.add("Failures are shown to the user in plain words");
        text.append("**Acceptance criteria**\n\n");
        criteria.forEach(criterion -> text.append("- [ ] ").append(criterion).append('\n'));
        int improvements = 1 + criteria.size() + (requirements.size() > 1 ? 1 : 0);
        return text.append(tail("\"improvementsCount\": " + improvements, confidence(issue))).toString();
    }

    private static String estimate(TaskRequest issue) {
        var requirements = requirements(issue.currentDescription());
        var areas = areas(issue.currentDescription());
        int points = fibonacciAtLeast(score(issue, requirements.size(), areas.size()));
        var text = new StringBuilder("**Story points: ").append(points).append("**\n\nScope signals:\n\n")
                .append("- ").append(requirements.size()).append(requirements.size() == 1 ? " requirement" : " requirements")
                .append(" in the description\n");
        if (!areas.isEmpty()) {
            text.append("- touches ").append(String.join(", ", areas)).append('\n');
        }
        text.append("- type ").append(issue.issueType()).append(issue.priority() == null ? "" : ", priority " + issue.priority())
                .append("\n\nA clearer description of the unknowns (data, integrations, edge cases) would firm the estimate up.\n");
        return text.append(tail("\"suggestedPoints\": " + points, confidence(issue))).toString();
    }

    private static String breakdown(TaskRequest issue) {
        var requirements = requirements(issue.currentDescription());
        var subtasks = new ArrayList<String[]>();
        subtasks.add(new String[] {"Agree the approach and its edge cases", "2"});
        for (String requirement : requirements) {
            int points = fibonacciAtLeast(1 + words(requirement) / 6 + 2 * areas(requirement).size());
            subtasks.add(new String[] {"Build: " + strip(requirement), String.valueOf(Math.min(points, 13))});
        }
        int build = subtasks.stream().skip(1).mapToInt(subtask -> Integer.parseInt(subtask[1])).sum();
        subtasks.add(new String[] {"Tests for every acceptance criterion", String.valueOf(Math.min(fibonacciAtLeast(Math.max(1, build / 3)), 13))});
        subtasks.add(new String[] {"Document and release", "1"});
        int total = subtasks.stream().mapToInt(subtask -> Integer.parseInt(subtask[1])).sum();
        String complexity = total <= 8 ? "low" : total <= 20 ? "medium" : "high";
        var text = new StringBuilder("**Subtasks**\n\n");
        var json = new StringBuilder("\"subtasks\": [");
        for (int i = 0; i < subtasks.size(); i++) {
            text.append(i + 1).append(". ").append(subtasks.get(i)[0]).append(" (").append(subtasks.get(i)[1]).append(" points)\n");
            json.append(i == 0 ? "" : ", ").append("{\"title\": ").append(quoted(subtasks.get(i)[0]))
                    .append(", \"points\": ").append(subtasks.get(i)[1]).append('}');
        }
        text.append("\n**Complexity: ").append(complexity).append("** (").append(total).append(" points in ")
                .append(subtasks.size()).append(" subtasks)\n");
        json.append("], \"totalPoints\": ").append(total).append(", \"complexity\": \"").append(complexity).append('"');
        return text.append(tail(json.toString(), confidence(issue))).toString();
    }

    /** How sure a heuristic can be: more so the more the description says, never sure. */
    private static double confidence(TaskRequest issue) {
        return Math.min(0.85, 0.4 + words(issue.currentDescription()) / 100.0);
    }

    private static int score(TaskRequest issue, int requirements, int areas) {
        int score = requirements + 2 * areas + words(issue.currentDescription()) / 25;
        String type = issue.issueType().toUpperCase(Locale.ROOT);
        if (type.equals("EPIC")) {
            score += 8;
        } else if (type.equals("BUG")) {
            score -= 1;
        }
        String priority = issue.priority() == null ? "" : issue.priority().toUpperCase(Locale.ROOT);
        if (priority.equals("HIGH") || priority.equals("CRITICAL") || priority.equals("HIGHEST")) {
            score += 1;
        }
        return Math.max(1, score);
    }

    static int fibonacciAtLeast(int score) {
        return FIBONACCI.stream().filter(points -> points >= score).findFirst().orElse(FIBONACCI.get(FIBONACCI.size() - 1));
    }

    private static List<String> requirements(String description) {
        var parts = new ArrayList<String>();
        for (String part : REQUIREMENTS.split(description.strip())) {
            if (words(part) > 0) {
                parts.add(part.strip());
            }
        }
        return parts.isEmpty() ? List.of(description.strip()) : parts;
    }

    private static Set<String> areas(String text) {
        var found = new LinkedHashSet<String>();
        String lower = text.toLowerCase(Locale.ROOT);
        RISKY_AREAS.forEach((area, pattern) -> {
            if (pattern.matcher(lower).find()) {
                found.add(area);
            }
        });
        return found;
    }

    private static int words(String text) {
        int count = 0;
        var matcher = WORD.matcher(text);
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    private static String goal(String requirement) {
        String goal = strip(requirement);
        return goal.isEmpty() ? "this change" : Character.toLowerCase(goal.charAt(0)) + goal.substring(1);
    }

    private static String strip(String requirement) {
        return requirement.strip().replaceAll("[.!?;:,]+$", "");
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String sentence(String text) {
        return capitalised(strip(text)) + ".";
    }

    private static String quoted(String text) {
        return Json.JSON_P.createValue(text).toString();
    }

    private static String tail(String fields, double confidence) {
        return "\n```json\n{" + fields + ", \"confidence\": " + Math.round(confidence * 100) / 100.0 + "}\n```\n";
    }
}

package dev.chatstream.tasks.entity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An AI task as data (bundled under {@code tasks/}, replaceable from {@code CHAT_TASKS_DIR}).
 *
 * @param instructions the system prompt; it asks for the structured tail in a {@code ```json} block
 * @param output       the tail's fields and their rules; a field named {@code confidence} is the model's own
 * @param metadata     what the metadata shows, in this order: a tail field's name, or {@code count:<field>} for an array's size
 */
public record TaskDefinition(String name, String title, String instructions, LinkedHashMap<String, FieldRule> output,
                             LinkedHashMap<String, String> metadata) {

    /**
     * One field of the tail: its JSON {@code type} (integer, number, string, array), and the
     * optional rules {@code min}, {@code max}, {@code oneOf}, {@code minItems}, {@code items}
     * (an array element's fields) and {@code sumOf} ({@code array.field}: equals their sum).
     */
    public record FieldRule(String type, Double min, Double max, List<Object> oneOf, Integer minItems,
                            Map<String, FieldRule> items, String sumOf) {
    }
}

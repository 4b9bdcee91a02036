package dev.chatstream.tasks.control;

import dev.chatstream.platform.Json;
import dev.chatstream.tasks.entity.TaskDefinition;
import dev.chatstream.tasks.entity.TaskDefinition.FieldRule;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Checks a task's structured tail against its definition's rules. Each rule a field meets counts
 * one check passed; {@link #confidence} weighs the model's own confidence by the share passed.
 */
final class TailValidation {

    /** What the model is taken to have said of itself when its tail states no usable confidence. */
    static final double UNSTATED_CONFIDENCE = 0.5;
    static final String CONFIDENCE = "confidence";

    private final JsonObject tail;
    private int passed;
    private int total;

    private TailValidation(JsonObject tail) {
        this.tail = tail;
    }

    static TailValidation of(TaskDefinition task, String tailJson) {
        var validation = new TailValidation(parse(tailJson));
        validation.checkFields(task.output(), validation.tail);
        return validation;
    }

    /** The tail as parsed; empty when there was none or it was no JSON object. */
    JsonObject tail() {
        return tail;
    }

    double passedShare() {
        return total == 0 ? 0 : (double) passed / total;
    }

    /** 0..1, two decimals: the stated confidence (or {@value #UNSTATED_CONFIDENCE}) times the share of checks passed. */
    double confidence() {
        double stated = UNSTATED_CONFIDENCE;
        if (tail.get(CONFIDENCE) instanceof JsonNumber number && number.doubleValue() >= 0 && number.doubleValue() <= 1) {
            stated = number.doubleValue();
        }
        return Math.round(stated * passedShare() * 100) / 100.0;
    }

    private void checkFields(Map<String, FieldRule> rules, JsonObject object) {
        rules.forEach((name, rule) -> check(rule, object.get(name), object));
    }

    private void check(FieldRule rule, JsonValue value, JsonObject owner) {
        boolean typed = switch (rule.type()) {
            case "integer" -> value instanceof JsonNumber number && number.isIntegral();
            case "number" -> value instanceof JsonNumber;
            case "string" -> value != null && value.getValueType() == JsonValue.ValueType.STRING
                    && !((JsonString) value).getString().isBlank();
            case "array" -> value instanceof JsonArray;
            default -> false;
        };
        count(typed);
        if (rule.min() != null) {
            count(typed && value instanceof JsonNumber number && number.doubleValue() >= rule.min());
        }
        if (rule.max() != null) {
            count(typed && value instanceof JsonNumber number && number.doubleValue() <= rule.max());
        }
        if (rule.oneOf() != null) {
            count(typed && rule.oneOf().stream().anyMatch(allowed -> same(allowed, value)));
        }
        if (rule.minItems() != null) {
            count(typed && value instanceof JsonArray array && array.size() >= rule.minItems());
        }
        if (rule.items() != null && typed && value instanceof JsonArray array) {
            for (JsonValue item : array) {
                checkFields(rule.items(), item instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT);
            }
        }
        if (rule.sumOf() != null) {
            count(typed && value instanceof JsonNumber number && sum(owner, rule.sumOf()) == number.doubleValue());
        }
    }

    /** The sum of {@code array.field} over the owner's array; NaN when any is no number. */
    private static double sum(JsonObject owner, String path) {
        String[] parts = path.split("\\.", 2);
        if (!(owner.get(parts[0]) instanceof JsonArray array) || parts.length < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (JsonValue item : array) {
            if (!(item instanceof JsonObject object) || !(object.get(parts[1]) instanceof JsonNumber number)) {
                return Double.NaN;
            }
            sum += number.doubleValue();
        }
        return sum;
    }

    private static boolean same(Object allowed, JsonValue value) {
        if (value instanceof JsonNumber number && allowed instanceof Number expected) {
            return number.bigDecimalValue().compareTo(new BigDecimal(expected.toString())) == 0;
        }
        return value instanceof JsonString text && text.getString().equals(String.valueOf(allowed));
    }

    private void count(boolean check) {
        total++;
        if (check) {
            passed++;
        }
    }

    private static JsonObject parse(String json) {
        if (json == null || json.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (var reader = Json.JSON_P.createReader(new StringReader(json))) {
            return reader.readValue() instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
        } catch (JsonException | IllegalStateException e) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }
}

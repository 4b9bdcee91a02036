package dev.chatstream.platform;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A setting that lists values, comma separated. Read as one string: Payara's config producer
 * cannot inject {@code Optional<List<String>>}, and an empty value must mean an empty list.
 */
public final class CommaSeparated {

    private CommaSeparated() {
    }

    public static List<String> values(Optional<String> setting) {
        return setting.map(text -> Arrays.stream(text.split(",")).map(String::trim).filter(value -> !value.isEmpty()).toList())
                .orElse(List.of());
    }
}

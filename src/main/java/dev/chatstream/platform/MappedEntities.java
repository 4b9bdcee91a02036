package dev.chatstream.platform;

import java.util.List;
import java.util.Map;

/**
 * A capability's JPA entities (and any Hibernate setting they need), contributed to the one
 * {@link Database}: the database names no capability, each capability names its own tables.
 */
public interface MappedEntities {

    List<Class<?>> entities();

    /** Hibernate (Search) settings these entities need, such as their analysis configuration. */
    default Map<String, String> settings() {
        return Map.of();
    }
}

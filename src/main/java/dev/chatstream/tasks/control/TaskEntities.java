package dev.chatstream.tasks.control;

import dev.chatstream.platform.MappedEntities;
import dev.chatstream.tasks.entity.TaskResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The kept task results, for the database. */
@ApplicationScoped
public class TaskEntities implements MappedEntities {

    @Override
    public List<Class<?>> entities() {
        return List.of(TaskResult.class);
    }
}

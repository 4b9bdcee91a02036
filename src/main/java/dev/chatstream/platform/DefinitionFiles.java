package dev.chatstream.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Definitions kept as data (workflows, AI tasks): the JSON files bundled under a resource folder,
 * then any {@code *.json} in an operator's folder, in name order, so that a later file can replace a
 * bundled definition. A file that cannot be read is reported in the log and skipped.
 */
public final class DefinitionFiles {

    private static final Logger LOG = Logger.getLogger(DefinitionFiles.class.getName());

    private DefinitionFiles() {
    }

    /**
     * Reads every definition in order and hands each that parses and validates to {@code accept};
     * the others are logged with their problems and skipped, so that a broken file never fails
     * the deployment.
     *
     * @param kind     what a definition is, for the log ("workflow")
     * @param bundled  the bundled files' names: the class path cannot be listed portably inside a WAR
     * @param validate a definition's problems; empty when it is sound
     */
    public static <T> void load(String kind, String resourceFolder, List<String> bundled, Optional<String> folder, Class<T> type,
                                Function<T, List<String>> validate, Consumer<T> accept) {
        read(resourceFolder, bundled, folder, (source, json) -> {
            T definition;
            try {
                definition = Json.JSONB.fromJson(json, type);
            } catch (RuntimeException e) {
                LOG.severe("Skipped " + kind + " file " + source + ": not a " + kind + " definition in JSON (" + e.getMessage() + ")");
                return;
            }
            var problems = validate.apply(definition);
            if (!problems.isEmpty()) {
                LOG.severe("Skipped " + kind + " file " + source + ": " + String.join("; ", problems));
                return;
            }
            accept.accept(definition);
        });
    }

    private static void read(String resourceFolder, List<String> bundled, Optional<String> folder, BiConsumer<String, String> read) {
        for (String file : bundled) {
            try (InputStream in = DefinitionFiles.class.getClassLoader().getResourceAsStream(resourceFolder + "/" + file)) {
                if (in == null) {
                    throw new IOException("missing");
                }
                read.accept("bundled " + resourceFolder + "/" + file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                LOG.severe("Skipped bundled " + resourceFolder + "/" + file + ": cannot read it");
            }
        }
        folder.filter(dir -> !dir.isBlank()).map(Path::of).ifPresent(dir -> {
            try (var files = Files.list(dir)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                    read.accept(file.toString(), Files.readString(file));
                }
            } catch (IOException e) {
                LOG.severe("Cannot read the definitions in " + dir + ": " + e.getMessage());
            }
        });
    }
}

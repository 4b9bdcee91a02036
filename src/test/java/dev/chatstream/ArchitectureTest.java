package dev.chatstream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between capabilities run one way, down this list (docs/design.md), and inside a
 * capability from boundary to control to entity. A new back edge fails here.
 */
class ArchitectureTest {

    /** Each capability may use those after it, never those before it. */
    static final List<String> DOWNWARDS = List.of("ui", "widget", "quickchat", "tasks", "streaming", "threads", "providers", "knowledge", "workflows",
            "security", "problems", "platform", "shared");

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.chatstream");

    @Test
    void capabilitiesDependOnlyOnThoseBelowThem() {
        for (int i = 1; i < DOWNWARDS.size(); i++) {
            var above = DOWNWARDS.subList(0, i).stream().map(name -> "dev.chatstream." + name + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.chatstream." + DOWNWARDS.get(i) + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(above)
                    .because(DOWNWARDS.get(i) + " sits below " + String.join(", ", DOWNWARDS.subList(0, i)))
                    .check(MAIN);
        }
    }

    @Test
    void insideACapabilityBoundaryUsesControlUsesEntity() {
        noClasses().that().resideInAPackage("dev.chatstream.*.control..")
                .should().dependOnClassesThat().resideInAPackage("dev.chatstream.*.boundary..")
                .check(MAIN);
        noClasses().that().resideInAPackage("dev.chatstream.*.entity..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.chatstream.*.boundary..", "dev.chatstream.*.control..")
                .check(MAIN);
    }

    /** Its factories look the provider up through the service loader on every call (a jar scan per problem response). */
    @Test
    void jsonPGoesThroughTheProviderLookedUpOnce() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("jakarta.json.Json")
                .because("dev.chatstream.platform.Json.JSON_P is looked up once")
                .check(MAIN);
    }

    @Test
    void everyCapabilityIsListed() {
        MAIN.stream().map(type -> type.getPackageName().split("\\.")).filter(parts -> parts.length > 2)
                .map(parts -> parts[2])
                .forEach(capability -> org.junit.jupiter.api.Assertions.assertTrue(DOWNWARDS.contains(capability),
                        capability + " must take its place in DOWNWARDS"));
    }
}

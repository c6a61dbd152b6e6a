package io.irflow.sandbox;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.irflow.testing.PackageInfos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo module's side of the dependency rule (the bot's side is the bot's ArchitectureTest, which keeps the
 * sandbox out): the sandbox starts the bot through its wiring and otherwise speaks to it only over HTTP, as Webex and
 * the products do, so of the bot's code it uses only what {@link #ALLOWED} lists.
 */
class DemoArchitectureTest {
    /** What of the bot the sandbox may use: a class (with its nested classes), or a package ending in "..". */
    static final List<String> ALLOWED = List.of(
            "io.irflow.app.AppWiring",                    // starts the bot with the demo's config
            "io.irflow.app.Tuning",                       // ... with the production timings
            "io.irflow.app.Products",                     // ... loads it with every product's config section
            "io.irflow.app.DemoLauncher",                 // how the bot's demo command finds the demo
            "io.irflow.config..",                         // the demo writes and loads a config like any user
            "io.irflow.json..",                           // one JSON mapper for the stand-ins' wire formats
            "io.irflow.webex.RestIds",                    // Webex's REST ids, as the real Webex encodes them
            "io.irflow.webex.webhook.SignatureVerifier"); // signs webhooks as Webex does

    private static JavaClasses sandbox;

    @BeforeAll
    static void importSandboxClasses() {
        sandbox = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.irflow.sandbox");
    }

    private static boolean allowed(JavaClass c, String entry) {
        if (entry.endsWith("..")) {
            String pkg = entry.substring(0, entry.length() - 2);
            return c.getPackageName().equals(pkg) || c.getPackageName().startsWith(pkg + ".");
        }
        return c.getName().equals(entry) || c.getName().startsWith(entry + "$");
    }

    private static DescribedPredicate<JavaClass> allowedOfTheBot() {
        return DescribedPredicate.describe("allowed in DemoArchitectureTest.ALLOWED",
                c -> ALLOWED.stream().anyMatch(entry -> allowed(c, entry)));
    }

    @Test
    void the_sandbox_uses_only_the_listed_parts_of_the_bot() {
        classes().that().resideInAPackage("io.irflow.sandbox..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.irflow..")
                        .or(resideInAPackage("io.irflow.sandbox.."))
                        .or(allowedOfTheBot()))
                .check(sandbox);
    }

    @Test
    void every_allowed_entry_is_still_used() {
        for (String entry : ALLOWED) {
            boolean used = sandbox.stream().flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                    .anyMatch(d -> allowed(d.getTargetClass(), entry));
            assertThat(used).as("the sandbox no longer uses %s: delete it from DemoArchitectureTest.ALLOWED", entry)
                    .isTrue();
        }
    }

    @Test
    void every_sandbox_package_says_what_lives_there() throws IOException {
        assertThat(PackageInfos.missingBelow(Path.of("src/main/java/io/irflow")))
                .as("packages without package-info.java").isEmpty();
    }
}

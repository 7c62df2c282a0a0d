package io.kensa;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering promises of docs/architecture.md, enforced on the compiled classes. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kensa");
    }

    @Test
    void javaFxIsUsedOnlyInTheUiPackage() {
        noClasses().that().resideOutsideOfPackage("io.kensa.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..")
                .check(classes);
    }

    @Test
    void sqlIsWrittenOnlyInTheStorePackage() {
        noClasses().that().resideOutsideOfPackage("io.kensa.store..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.h2..", "org.postgresql..")
                .check(classes);
    }

    @Test
    void httpIsSpokenOnlyInTheLlmPackage() {
        noClasses().that().resideOutsideOfPackage("io.kensa.llm..")
                .should().dependOnClassesThat().resideInAnyPackage("com.openai..", "okhttp3..", "java.net.http..")
                .check(classes);
    }

    @Test
    void lowerLayersNeverReachUpIntoUiOrCli() {
        noClasses().that().resideInAnyPackage("io.kensa.capture..", "io.kensa.detect..", "io.kensa.llm..",
                        "io.kensa.store..", "io.kensa.review..", "io.kensa.inspect..", "io.kensa.recipe..", "io.kensa.config..")
                .should().dependOnClassesThat().resideInAnyPackage("io.kensa.ui..", "io.kensa.cli..")
                .check(classes);
    }

    @Test
    void detectionKnowsNothingOfExplanationsOrStorage() {
        noClasses().that().resideInAnyPackage("io.kensa.capture..", "io.kensa.detect..")
                .should().dependOnClassesThat().resideInAnyPackage("io.kensa.llm..", "io.kensa.store..", "io.kensa.inspect..")
                .check(classes);
    }
}

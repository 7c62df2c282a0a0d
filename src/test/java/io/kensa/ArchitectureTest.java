package io.kensa;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering promises of docs/architecture.md, enforced on the compiled classes. */
class ArchitectureTest {
    private static JavaClasses kensa;

    @BeforeAll
    static void importClasses() {
        kensa = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kensa");
    }

    @Test
    void javaFxIsUsedOnlyInTheUiPackage() {
        noClasses().that().resideOutsideOfPackage("io.kensa.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..")
                .check(kensa);
    }

    @Test
    void sqlIsWrittenOnlyInTheStorePackage() {
        noClasses().that().resideOutsideOfPackage("io.kensa.store..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.h2..", "org.postgresql..")
                .check(kensa);
    }

    @Test
    void httpIsSpokenOnlyInTheLlmPackage() {
        noClasses().that().resideOutsideOfPackage("io.kensa.llm..")
                .should().dependOnClassesThat().resideInAnyPackage("com.openai..", "okhttp3..", "java.net.http..")
                .check(kensa);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.kensa.(**)").should().beFreeOfCycles().check(kensa);
    }

    /**
     * ui/cli → services (inspect) → feature packages → model and config. A layer may use any layer below it, never
     * one above; feature packages may use each other as long as no cycle forms (rule above).
     */
    @Test
    void layersPointDownwardsOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Entry").definedBy("io.kensa")
                .layer("UI").definedBy("io.kensa.ui..")
                .layer("CLI").definedBy("io.kensa.cli..")
                .layer("Services").definedBy("io.kensa.inspect..")
                .layer("Features").definedBy("io.kensa.capture..", "io.kensa.detect..", "io.kensa.cam..",
                        "io.kensa.llm..", "io.kensa.store..", "io.kensa.review..", "io.kensa.recipe..", "io.kensa.auth..")
                .layer("Model").definedBy("io.kensa.model..", "io.kensa.config..", "io.kensa.util..")
                .whereLayer("UI").mayOnlyBeAccessedByLayers("Entry")
                .whereLayer("CLI").mayOnlyBeAccessedByLayers("Entry")
                .whereLayer("Services").mayOnlyBeAccessedByLayers("Entry", "UI", "CLI")
                .whereLayer("Features").mayOnlyBeAccessedByLayers("Entry", "UI", "CLI", "Services", "Features")
                .check(kensa);
    }

    @Test
    void theDomainModelDependsOnNothingElseInKensa() {
        classes().that().resideInAPackage("io.kensa.model..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.kensa.model..", "java..")
                .check(kensa);
    }

    /** The shared small pieces (hashing, percentiles, named threads, the image-file rule) stand on the JDK alone. */
    @Test
    void sharedPiecesDependOnTheJdkOnly() {
        classes().that().resideInAPackage("io.kensa.util..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.kensa.util..", "java..")
                .check(kensa);
    }

    /**
     * A view-model holds JavaFX properties and commands only, so it is tested in plain JUnit without a toolkit; so do
     * the parts a view-model hands its view (the camera settings forms and their fields).
     */
    @Test
    void viewModelsUseJavaFxPropertiesButNoControls() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .or().implement("io.kensa.ui.CameraForm")
                .or().haveNameMatching("io\\.kensa\\.ui\\.CameraFields(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..",
                        "javafx.application..", "javafx.animation..", "javafx.embed..", "javafx.fxml..", "org.controlsfx..")
                .check(kensa);
    }

    @Test
    void lowerLayersNeverReachUpIntoUiOrCli() {
        noClasses().that().resideInAnyPackage("io.kensa.capture..", "io.kensa.detect..", "io.kensa.llm..",
                        "io.kensa.store..", "io.kensa.review..", "io.kensa.inspect..", "io.kensa.recipe..", "io.kensa.config..", "io.kensa.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("io.kensa.ui..", "io.kensa.cli..")
                .check(kensa);
    }

    @Test
    void detectionKnowsNothingOfExplanationsOrStorage() {
        noClasses().that().resideInAnyPackage("io.kensa.capture..", "io.kensa.detect..")
                .should().dependOnClassesThat().resideInAnyPackage("io.kensa.llm..", "io.kensa.store..", "io.kensa.inspect..")
                .check(kensa);
    }
}

package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.config.KensaHome;
import io.kensa.config.Settings;
import io.kensa.inspect.DecisionLogs;
import io.kensa.inspect.RecipeVersions;
import io.kensa.inspect.Workstation;
import io.kensa.llm.PromptProfiles;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.RecipeWorkspace;
import io.kensa.recipe.Recipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The prompts view as the application wires it, on the shipped demo recipe in a data folder of its own: once camera
 * settings are saved to the recipe (which makes a station copy), prompt versions are written to that copy, so the
 * next start does not read the older text back. The detector is not needed and its preparation is cancelled.
 */
@ExtendWith(ApplicationExtension.class)
class PromptsAfterRecipeSaveTest {
    private Workstation workstation;
    private PromptsView view;
    private Path shippedProfile;
    private byte[] shippedBytes;

    private TestSignatures signatures;

    @Start
    void start(Stage stage) throws Exception {
        KensaHome home = new KensaHome(Files.createTempDirectory("kensa-prompts-recipe"));
        workstation = Workstation.open(home, Settings.empty().with(Settings.STATION, "prompts-station"), new DeferredListener());
        workstation.cancelDetectorPreparation();
        shippedProfile = workstation.recipe().folder().resolve(PromptProfiles.FILE_NAME);
        shippedBytes = Files.readAllBytes(shippedProfile);
        signatures = TestSignatures.signedIn(DecisionLogs.QA, r -> new Thread(r, "test-sign").start(), Platform::runLater);
        view = KensaApp.promptsView(workstation, () -> DecisionLogs.QA, signatures.vm);
        stage.setScene(new Scene(view, 1280, 800));
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        view.close();
        workstation.close();
        signatures.close();
        if (shippedProfile != null && !java.util.Arrays.equals(shippedBytes, Files.readAllBytes(shippedProfile))) {
            Files.write(shippedProfile, shippedBytes); // never leave the installed recipe changed, even when this test fails
            fail("the shipped prompt profile was written to: " + shippedProfile);
        }
    }

    @Test
    void aPromptSavedAfterTheRecipeBecameAStationCopyIsWrittenToTheCopy(FxRobot robot) throws Exception {
        TextField name = robot.lookup("#prompt-name").queryAs(TextField.class);
        Button save = robot.lookup("#prompt-save").queryAs(Button.class);
        FxWait.until(() -> name.getText().equals("bottle") && !save.isDisabled(), 30);
        // QA publishes a draft in the Recipes tab while the station runs the shipped recipe
        RecipeVersions versions = new RecipeVersions(new RecipeWorkspace(workstation.home()), Clock.systemUTC());
        versions.saveCameraToDraft(DecisionLogs.QA, Recipes.DEMO, Map.of("width", "640"));
        Recipe copy = versions.publish(DecisionLogs.QA, Recipes.DEMO, "camera width for line 2");
        assertEquals(workstation.home().recipes().resolve(Recipes.DEMO).toAbsolutePath(), copy.folder());

        TextArea nd = robot.lookup("#prompt-nd").queryAs(TextArea.class);
        robot.interact(() -> nd.setText(nd.getText() + " Kept in the station copy."));
        FxWait.until(() -> !save.isDisabled(), 30);
        robot.clickOn(save);
        FxWait.until(() -> signatures.vm.asking().get(), 20);
        robot.interact(() -> signatures.sign(TestSignatures.PASSWORD));
        Label status = robot.lookup("#prompt-status").queryAs(Label.class);
        FxWait.until(() -> status.getText().contains("Saved bottle v2"), 30);

        assertTrue(PromptProfiles.read(copy.folder().resolve(PromptProfiles.FILE_NAME)).profile().normalDescription()
                .endsWith("Kept in the station copy."), "the next start reads the saved version from the station copy");
    }
}

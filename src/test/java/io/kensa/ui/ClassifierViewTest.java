package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.cam.ClassifierTraining;
import io.kensa.config.KensaHome;
import io.kensa.detect.Backbone;
import io.kensa.detect.DeviceSetting;
import io.kensa.inspect.DecisionLogs;
import io.kensa.recipe.Recipes;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import java.nio.file.Files;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The classifier view's controls, headless (Monocle), on a real H2 decision log of the demo images and the real
 * backbone: the tab shows the current classifier and the buttons follow the view-model. What the commands do is
 * tested on {@link ClassifierViewModel} in {@code ClassifierViewModelTest}.
 */
@ExtendWith(ApplicationExtension.class)
class ClassifierViewTest {
    private static final ClassifierTraining.Settings QUICK = new ClassifierTraining.Settings(256, false, false, 100,
            0.01, 0.1, 0.3, 42);
    private Backbone backbone;
    private Database db;
    private InspectionStore store;
    private ClassifierView view;

    private TestSignatures signatures;

    @Start
    void start(Stage stage) throws Exception {
        KensaHome home = new KensaHome(Files.createTempDirectory("kensa-classifier-ui").resolve("home"));
        DecisionLogs.fill(home, DecisionLogs.CLASSES, 6, 5);
        backbone = Backbone.shipped(DeviceSetting.CPU);
        db = Database.openExistingFile(home.database());
        store = InspectionStore.openForReading(db, home.images());
        Recipes recipes = new Recipes(home);
        signatures = TestSignatures.signedIn(DecisionLogs.QA, r -> new Thread(r, "test-sign").start(), Platform::runLater);
        view = new ClassifierView(w -> new ClassifierViewModel(Recipes.DEMO, recipes, store, signatures.vm,
                () -> Optional.of(backbone), published -> "Inspect classifies with v" + published.version() + ".",
                QUICK, home.models(), w, Platform::runLater));
        Scene scene = new Scene(view, 1100, 800);
        scene.getStylesheets().add(KensaApp.class.getResource("kensa.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() {
        view.close();
        store.close();
        db.close();
        backbone.close();
        signatures.close();
    }

    @Test
    void showsTheClassifierRetrainsAndEnablesPublishOnlyWithACandidate(FxRobot robot) throws Exception {
        Label classes = node(robot, "#classifier-classes");
        FxWait.until(() -> classes.getText().equals(String.join(", ", DecisionLogs.CLASSES)), 20);
        Button retrain = node(robot, "#classifier-retrain");
        Button cancel = node(robot, "#classifier-cancel");
        Button publish = node(robot, "#classifier-publish");
        assertFalse(retrain.isDisabled());
        assertTrue(cancel.isDisabled(), "nothing to cancel");
        assertTrue(publish.isDisabled(), "nothing to publish");
        assertEquals("none (decisions only)", this.<Label>node(robot, "#classifier-folder").getText());

        robot.clickOn(retrain);
        assertTrue(retrain.isDisabled() && !cancel.isDisabled() && publish.isDisabled(), "working");
        Label verdict = node(robot, "#classifier-verdict");
        FxWait.until(() -> !retrain.isDisabled(), 50);
        assertTrue(verdict.getText().startsWith("After retraining: "), verdict.getText() + " / "
                + this.<Label>node(robot, "#classifier-message").getText());
        assertEquals(DecisionLogs.CLASSES.size(), this.<TableView<?>>node(robot, "#classifier-per-class").getItems().size());
        GridPane confusion = node(robot, "#classifier-confusion");
        assertTrue(confusion.lookup("#classifier-confusion-0-0") != null, "the matrix is drawn");
        assertFalse(publish.isDisabled());
        assertEquals("Publish as recipe v2", publish.getText());
        assertTrue(cancel.isDisabled());
    }

    @SuppressWarnings("unchecked")
    private <T extends Node> T node(FxRobot robot, String query) {
        return (T) robot.lookup(query).query();
    }
}

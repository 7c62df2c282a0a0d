package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.cam.LabelledSets;
import io.kensa.cam.Prototypes;
import io.kensa.config.KensaHome;
import io.kensa.detect.Backbone;
import io.kensa.detect.DeviceSetting;
import io.kensa.inspect.CamWorkbench;
import io.kensa.inspect.DecisionLogs;
import io.kensa.recipe.Recipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Prototypes pane's controls, headless (Monocle), with the demo recipe's classifier on the real backbone: the
 * pictures the view-model made are shown, one section per class with its neighbours. What the commands do is tested
 * in PrototypesViewModelTest. {@code -Dkensa.screenshot.prototypes=FILE} saves the pane as a PNG
 * (docs/screenshot-prototypes.png), made with the settings the recipe workspace uses so the picture shows what QA sees.
 */
@ExtendWith(ApplicationExtension.class)
class PrototypesPaneTest {
    private static final String SCREENSHOT = "kensa.screenshot.prototypes";
    private Backbone backbone;
    private PrototypesPane pane;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("kensa-prototypes-ui");
        backbone = Backbone.shipped(DeviceSetting.CPU);
        CamWorkbench workbench = new CamWorkbench(new KensaHome(dir.resolve("home")), Recipes.DEMO);
        Prototypes.Settings settings = System.getProperty(SCREENSHOT) != null ? Prototypes.Settings.defaults()
                : Prototypes.Settings.defaults().withSize(96).withIterations(3);
        pane = new PrototypesPane(w -> new PrototypesViewModel(workbench, () -> Optional.of(backbone),
                () -> DecisionLogs.QA, settings, w, Platform::runLater));
        pane.viewModel().folder().set(Optional.of(LabelledSets.bottle(dir.resolve("set"),
                List.of("broken_large", "broken_small", "contamination"), 3, 3)));
        Scene scene = new Scene(pane, 1100, 900);
        scene.getStylesheets().add(KensaApp.class.getResource("kensa.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() {
        pane.close();
        backbone.close();
    }

    @Test
    void showsEachClassPrototypeBesideItsNearestRealImages(FxRobot robot) throws Exception {
        Button make = node(robot, "#prototypes-make");
        Button cancel = node(robot, "#prototypes-cancel");
        Label folder = node(robot, "#prototypes-folder");
        assertTrue(folder.getText().endsWith("set"), folder.getText());
        assertTrue(cancel.isDisabled(), "nothing to cancel");
        robot.clickOn(make);
        assertTrue(make.isDisabled() && !cancel.isDisabled(), "working");
        assertTrue(this.<Node>node(robot, "#prototypes-progress").getParent().isVisible(), "progress while working");
        FxWait.until(() -> !make.isDisabled(), 1800);
        WaitForAsyncUtils.waitForFxEvents(); // the rows are drawn in the same FX step that re-enables the button
        Label message = node(robot, "#prototypes-message");
        assertFalse(pane.viewModel().messageProblem().get(), message.getText());
        assertEquals(pane.viewModel().message().get(), message.getText());
        for (String c : List.of("broken_large", "broken_small", "contamination", "good")) {
            assertTrue(robot.lookup("#prototype-" + c).tryQuery().isPresent(), c + " has its section");
        }
        assertEquals(4 * 3, robot.lookup(".prototype-neighbour").queryAll().size(), "3 real images beside each");
        assertTrue(cancel.isDisabled());
        Screenshots.saveIfAsked(robot, pane, SCREENSHOT);
    }

    @SuppressWarnings("unchecked")
    private <T extends Node> T node(FxRobot robot, String query) {
        return (T) robot.lookup(query).query();
    }
}

package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.cam.LabelledSets;
import io.kensa.config.KensaHome;
import io.kensa.detect.Backbone;
import io.kensa.detect.DeviceSetting;
import io.kensa.inspect.CamWorkbench;
import io.kensa.inspect.DecisionLogs;
import io.kensa.recipe.Recipes;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The audit pane's controls, headless (Monocle), with the demo recipe's classifier on the real backbone: the pictures
 * the view-model made are shown, a thumbnail opens the large view. {@code -Dkensa.auditScreenshot=FILE} also saves
 * the pane as a PNG (docs/screenshot-classifier-audit.png). What the commands do is tested in CamAuditViewModelTest.
 */
@ExtendWith(ApplicationExtension.class)
class CamAuditPaneTest {
    private Backbone backbone;
    private CamAuditPane pane;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path dir = Files.createTempDirectory("kensa-cam-audit-ui");
        backbone = Backbone.shipped(DeviceSetting.CPU);
        CamWorkbench workbench = new CamWorkbench(new KensaHome(dir.resolve("home")), Recipes.DEMO);
        pane = new CamAuditPane(w -> new CamAuditViewModel(workbench, () -> Optional.of(backbone), () -> DecisionLogs.QA,
                w, Platform::runLater));
        pane.viewModel().folder().set(Optional.of(LabelledSets.bottle(dir.resolve("set"),
                List.of("broken_large", "broken_small", "contamination"), 3, 3)));
        Scene scene = new Scene(pane, 1280, 800);
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
    void showsTheAuditPicturesAndOpensAThumbnailLarge(FxRobot robot) throws Exception {
        Button run = node(robot, "#cam-audit-run");
        Button cancel = node(robot, "#cam-audit-cancel");
        assertTrue(cancel.isDisabled(), "nothing to cancel");
        robot.interact(() -> pane.viewModel().insideThreshold().set(0.6));
        robot.clickOn(run);
        assertTrue(run.isDisabled() && !cancel.isDisabled(), "working");
        FxWait.until(() -> !run.isDisabled(), 600);
        WaitForAsyncUtils.waitForFxEvents(); // the rows are drawn in the same FX step that re-enables the button
        Label message = node(robot, "#cam-audit-message");
        assertFalse(pane.viewModel().messageProblem().get(), message.getText());
        int off = pane.viewModel().classes().stream().mapToInt(r -> r.offTarget().size()).sum();
        assertEquals(off, robot.lookup(".cam-audit-thumbnail").queryAll().size(), "one tile per off-target image");
        assertEquals(4, robot.lookup(".settings-section").queryAll().size(), "one line per class");

        Node large = node(robot, "#cam-audit-large");
        assertFalse(large.getParent().isVisible(), "no large view before a click");
        if (off > 0) {
            robot.clickOn(robot.lookup(".cam-audit-thumbnail").<Node>query());
            FxWait.until(() -> large.getParent().isVisible(), 60);
            assertEquals(CamAuditViewModel.LARGE, ((ImageView) large).getImage().getWidth());
        }

        String file = System.getProperty("kensa.auditScreenshot");
        if (file != null) {
            robot.interact(() -> {
                try {
                    ImageIO.write(SwingFXUtils.fromFXImage(stage.getScene().snapshot(null), null), "png", new File(file));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private <T extends Node> T node(FxRobot robot, String query) {
        return (T) robot.lookup(query).query();
    }
}

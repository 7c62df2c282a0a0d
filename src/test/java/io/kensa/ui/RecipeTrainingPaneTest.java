package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import io.kensa.detect.DeviceSetting;
import io.kensa.detect.TrainSettings;
import io.kensa.inspect.RecipeTrainingImages;
import io.kensa.util.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.TilePane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The recipe workspace's training panes, headless (Monocle), on the real backbone and demo images: the buttons drive
 * their view-models, the thumbnails follow the collection, and dragging on the histogram moves the threshold and its
 * figures. What the commands do is tested on the view-models in {@code RecipeTrainingViewModelTest}.
 * {@code -Dkensa.screenshot.threshold=FILE} also saves the panes as a PNG (docs/screenshot-threshold.png).
 */
@ExtendWith(ApplicationExtension.class)
class RecipeTrainingPaneTest {
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private Backbone backbone;
    private Path dir;
    private Stage stage;
    private RecipeTrainingPane pane;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        dir = Files.createTempDirectory("kensa-training-ui");
        backbone = Backbone.shipped(DeviceSetting.CPU);
        GoodImagesViewModel images = new GoodImagesViewModel(new RecipeTrainingImages(dir.resolve("collection")),
                "folder:" + ShippedResources.demoBottle().resolve("train/good") + "?fps=0", worker, Platform::runLater);
        RecipeTrainingViewModel vm = new RecipeTrainingViewModel("bottle", () -> Optional.of(backbone),
                dir.resolve("models"), Clock.systemUTC(), images::snapshot, Optional.empty(),
                TrainSettings.defaults().withInputSize(128), 2, m -> { }, worker, Platform::runLater);
        pane = new RecipeTrainingPane(images, vm, 0.01, worker::shutdownNow);
        Scene scene = new Scene(pane, 1100, 780);
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
    void collectTrainScoreAndDragTheThreshold(FxRobot robot) throws Exception {
        Button train = node(robot, "#training-train");
        Label message = node(robot, "#training-message");
        robot.clickOn(train);
        FxWait.until(() -> message.getText().startsWith("Collect at least 2 good images"), 10);

        Button auto = node(robot, "#good-auto");
        robot.interact(() -> pane.lookupAll("#good-auto-count").forEach(n ->
                ((javafx.scene.control.Spinner<Integer>) n).getValueFactory().setValue(8)));
        robot.interact(() -> pane.lookupAll("#good-interval").forEach(n ->
                ((javafx.scene.control.Spinner<Double>) n).getValueFactory().setValue(0.0)));
        robot.clickOn(auto);
        Label count = node(robot, "#good-count");
        FxWait.until(() -> count.getText().startsWith("8 good images in ") && !auto.isDisabled(), 60);
        TilePane thumbnails = node(robot, "#good-thumbnails");
        assertEquals(8, thumbnails.getChildren().size());
        robot.clickOn((Node) robot.lookup("#good-discard-good-00008-png").query());
        FxWait.until(() -> count.getText().startsWith("7 good images in "), 20);
        assertEquals(7, thumbnails.getChildren().size());

        Button save = node(robot, "#training-save");
        assertTrue(save.isDisabled(), "nothing to save before training");
        robot.clickOn(train);
        Label model = node(robot, "#training-model");
        FxWait.until(() -> model.getText().startsWith("7 good images, bank of "), 120);
        assertFalse(save.isDisabled());

        Button use = node(robot, "#threshold-use");
        assertTrue(use.isDisabled(), "no threshold to use before scoring");
        reveal(robot, node(robot, "#threshold-score"));
        robot.clickOn((Node) robot.lookup("#threshold-score").query());
        Label falseAlarms = node(robot, "#threshold-false-alarms");
        FxWait.until(() -> falseAlarms.getText().endsWith("false alarms") && !use.isDisabled(), 180);
        Label value = node(robot, "#threshold-value");
        String before = value.getText();
        int alarmsBefore = leadingNumber(falseAlarms.getText());
        Node chart = node(robot, "#threshold-chart");
        reveal(robot, chart);
        robot.moveTo(chart).moveBy(-ThresholdPane.CHART_WIDTH / 2 + 5, 0).press(javafx.scene.input.MouseButton.PRIMARY)
                .moveBy(2, 0).release(javafx.scene.input.MouseButton.PRIMARY);
        FxWait.until(() -> !value.getText().equals(before), 10);
        assertTrue(number(value.getText()) < number(before), "the handle moved left: " + before + " → " + value.getText());
        assertTrue(leadingNumber(falseAlarms.getText()) >= alarmsBefore, "a lower threshold flags at least as many: "
                + falseAlarms.getText());
        robot.clickOn(use);
        FxWait.until(() -> model.getText().contains(String.format(java.util.Locale.ROOT, "threshold %.4f",
                number(value.getText()))), 10);
        assertTrue(model.getText().contains("set on the score histogram"), model.getText());

        String file = System.getProperty("kensa.screenshot.threshold");
        if (file != null) { // the picture in docs/: with the demo's labelled test images, at the best F1
            robot.interact(() -> pane.training().threshold().labelledFolder()
                    .set(Optional.of(ShippedResources.demoBottle())));
            robot.clickOn((Node) robot.lookup("#threshold-score").query());
            Label labelled = node(robot, "#threshold-labelled");
            FxWait.until(() -> !labelled.getText().isEmpty() && !use.isDisabled(), 300);
            robot.clickOn((Node) robot.lookup("#threshold-suggest-f1").query());
            List<Object> done = new ArrayList<>();
            robot.interact(() -> {
                try {
                    Node body = ((javafx.scene.control.ScrollPane) pane.getCenter()).getContent();
                    javafx.scene.SnapshotParameters fill = new javafx.scene.SnapshotParameters();
                    fill.setFill(javafx.scene.paint.Color.web("#1f2329")); // the window's background (kensa.css)
                    ImageIO.write(SwingFXUtils.fromFXImage(body.snapshot(fill, null), null), "png", Path.of(file).toFile());
                    done.add(file);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertEquals(1, done.size());
        }
    }

    /** Scrolls the panes so {@code node} is at the top of the window (the robot clicks what is on screen). */
    private void reveal(FxRobot robot, Node node) {
        robot.interact(() -> {
            javafx.scene.control.ScrollPane scroll = (javafx.scene.control.ScrollPane) pane.getCenter();
            double y = scroll.getContent().sceneToLocal(node.localToScene(0, 0)).getY();
            double range = scroll.getContent().getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
            scroll.setVvalue(range <= 0 ? 0 : Math.min(1, Math.max(0, (y - 10) / range)));
        });
    }

    private static double number(String text) {
        return Double.parseDouble(text.replaceAll("[^0-9.]", ""));
    }

    private static int leadingNumber(String text) {
        return Integer.parseInt(text.substring(0, text.indexOf(' ')));
    }

    @SuppressWarnings("unchecked")
    private <T extends Node> T node(FxRobot robot, String query) {
        return (T) robot.lookup(query).query();
    }
}

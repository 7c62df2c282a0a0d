package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import io.kensa.inspect.AnswerCache;
import io.kensa.inspect.MarkedSet;
import io.kensa.inspect.PromptWorkbench;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explainers;
import io.kensa.llm.FakeChatServer;
import io.kensa.llm.LlmSettings;
import io.kensa.llm.PromptPart;
import io.kensa.llm.PromptProfiles;
import io.kensa.store.Database;
import io.kensa.store.PromptProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Prompts view's Ablation tab, headless (Monocle), on a copy of the demo recipe, an H2 file database and a local
 * HTTP server that answers wrongly for one image when the anomaly descriptions are left out: Measure runs on the
 * worker and the table, per-class figures and confusion matrix show what the view-model measured. The figures
 * themselves are checked in {@code PromptMeasureViewModelTest}. {@code -Dkensa.screenshot.ablation=FILE} saves the tab.
 */
@ExtendWith(ApplicationExtension.class)
class PromptAblationPaneTest {
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private Path temp;
    private Database db;
    private FakeChatServer server;
    private Explainer llm;
    private PromptMeasureViewModel vm;
    private VBox pane;

    @Start
    void start(Stage stage) throws Exception {
        temp = Files.createTempDirectory("kensa-ablation-ui");
        Path recipe = Files.createDirectories(temp.resolve("recipes/bottle"));
        try (Stream<Path> files = Files.list(ShippedResources.resolve("recipes/bottle"))) {
            for (Path f : files.toList()) {
                Files.copy(f, recipe.resolve(f.getFileName()));
            }
        }
        db = Database.openFile(temp.resolve("db"));
        server = new FakeChatServer().answering(r -> MarkedSet.index(r) == 0
                && !MarkedSet.partsSent(r).contains(PromptPart.AD)
                ? MarkedSet.answer("broken_small") : MarkedSet.answer(MarkedSet.truth(MarkedSet.index(r))));
        llm = Explainers.create(LlmSettings.defaults().withEndpoint(server.baseUrl(), "test-vision")
                        .withLimits(Duration.ofSeconds(10), 0, Duration.ofSeconds(1), new LlmSettings.Budget(1000, 0, 0, 0, 0)),
                Map.of(), temp.resolve("home"));
        PromptWorkbench workbench = new PromptWorkbench(new PromptProfileStore(db, temp), () -> recipe);
        var draft = PromptProfiles.read(recipe.resolve(PromptProfiles.FILE_NAME));
        vm = new PromptMeasureViewModel(workbench, () -> draft, () -> llm, AnswerCache.in(temp.resolve("home")), worker,
                Platform::runLater);
        vm.dataFolder().set(MarkedSet.create(temp.resolve("set")));
        pane = PromptMeasurePane.ablation(vm);
        Scene scene = new Scene(pane, 900, 760);
        scene.getStylesheets().add(KensaApp.class.getResource("kensa.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        worker.shutdownNow();
        llm.close();
        server.close();
        db.close();
    }

    @Test
    void measureFillsTheAblationTableTheClassFiguresAndTheConfusionMatrix(FxRobot robot) throws Exception {
        for (PromptPart p : PromptPart.values()) {
            CheckBox box = robot.lookup("#prompt-ablate-" + p.name().toLowerCase(java.util.Locale.ROOT)).queryAs(CheckBox.class);
            robot.interact(() -> box.setSelected(p == PromptPart.AD));
        }
        TableView<?> table = robot.lookup("#prompt-ablation-table").queryAs(TableView.class);
        Button measure = robot.lookup("#prompt-ablate-run").queryAs(Button.class);
        robot.clickOn(measure);
        FxWait.until(() -> table.getItems().size() == 2 && !vm.running().get(), 60);

        assertEquals(vm.parts(), table.getItems());
        assertEquals("without AD (anomaly descriptions)", vm.parts().get(1).prompt());
        assertTrue(vm.parts().get(1).delta().startsWith("-"), "leaving AD out costs points: " + vm.parts().get(1).delta());
        assertEquals(vm.classes().size(), robot.lookup("#prompt-ablation-classes").queryAs(TableView.class).getItems().size());
        TextArea matrix = robot.lookup("#prompt-ablation-confusion").queryAs(TextArea.class);
        assertFalse(matrix.getText().isBlank());
        assertEquals(vm.confusion().get(), matrix.getText());
        FxWait.until(() -> !measure.isDisabled(), 10); // Measure again once done (the binding follows on the FX thread)
        Screenshots.saveIfAsked(robot, pane, "kensa.screenshot.ablation");
    }
}

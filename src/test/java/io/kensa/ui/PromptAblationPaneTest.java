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
import io.kensa.model.DecisionInput;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import io.kensa.store.PromptProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
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
 * themselves are checked in {@code PromptMeasureViewModelTest}. The decision log (every image recorded and decided as
 * its class) is the other labelled set. {@code -Dkensa.screenshot.ablation=FILE} saves the tab after a folder run,
 * {@code -Dkensa.screenshot.ablationLog=FILE} after a log run.
 */
@ExtendWith(ApplicationExtension.class)
class PromptAblationPaneTest {
    private static final Instant DAY = Instant.parse("2026-11-02T10:00:00Z");
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private Path temp;
    private Database db;
    private InspectionStore log;
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
        Path set = MarkedSet.create(temp.resolve("set"));
        log = InspectionStore.open(db, temp.resolve("images"), "station-A", InspectionStore.Durability.PROCESS_CRASH,
                Clock.fixed(DAY, ZoneOffset.UTC));
        for (int i = 0; i < MarkedSet.IMAGES.size(); i++) { // every image decided as its class
            log.recordDecision(MarkedSet.record(log, set, i, DAY), DecisionInput.accept(MarkedSet.truth(i),
                    Severity.DEFECT, new Operator("q.lee", "Quinn Lee", Role.INSPECTOR), Optional.empty()));
        }
        server = new FakeChatServer().answering(r -> MarkedSet.index(r) == 0
                && !MarkedSet.partsSent(r).contains(PromptPart.AD)
                ? MarkedSet.answer("broken_small") : MarkedSet.answer(MarkedSet.truth(MarkedSet.index(r))));
        llm = Explainers.create(LlmSettings.defaults().withEndpoint(server.baseUrl(), "test-vision")
                        .withLimits(Duration.ofSeconds(10), 0, Duration.ofSeconds(1), new LlmSettings.Budget(1000, 0, 0, 0, 0)),
                Map.of(), temp.resolve("home"));
        PromptWorkbench workbench = new PromptWorkbench(new PromptProfileStore(db, temp), () -> recipe);
        var draft = PromptProfiles.read(recipe.resolve(PromptProfiles.FILE_NAME));
        vm = new PromptMeasureViewModel(workbench, () -> draft, () -> llm, AnswerCache.in(temp.resolve("home")),
                Optional.of(log), ZoneOffset.UTC, worker, Platform::runLater);
        vm.dataFolder().set(set);
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
        log.close();
        db.close();
    }

    @Test
    void measureFillsTheAblationTableTheClassFiguresAndTheConfusionMatrix(FxRobot robot) throws Exception {
        leaveOutOnlyAd(robot);
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

    @Test
    void theDecisionLogIsChosenWithItsFilterCountedAndMeasured(FxRobot robot) throws Exception {
        leaveOutOnlyAd(robot);
        ChoiceBox<PromptMeasureViewModel.Source> source = robot.lookup("#prompt-ablation-source").queryAs(ChoiceBox.class);
        Label count = robot.lookup("#prompt-ablation-log-count").queryAs(Label.class);
        Node folder = robot.lookup("#prompt-ablation-folder-row").query();
        Node filter = robot.lookup("#prompt-ablation-log-row").query();
        assertTrue(folder.isVisible() && !filter.isVisible(), "the folder is the first choice");
        robot.interact(() -> source.setValue(PromptMeasureViewModel.Source.LOG));
        FxWait.until(() -> count.getText().equals("6 decided inspections, 6 used."), 20);
        assertTrue(filter.isVisible() && !folder.isVisible());
        DatePicker from = robot.lookup("#prompt-ablation-log-from").queryAs(DatePicker.class);
        DatePicker to = robot.lookup("#prompt-ablation-log-to").queryAs(DatePicker.class);
        robot.interact(() -> from.setValue(LocalDate.of(2026, 11, 3)));
        FxWait.until(() -> count.getText().contains("has no usable decided image"), 20);
        robot.interact(() -> {
            from.setValue(LocalDate.of(2026, 11, 1));
            to.setValue(LocalDate.of(2026, 11, 30));
        });
        FxWait.until(() -> count.getText().equals("6 decided inspections, 6 used."), 20);
        assertEquals(LocalDate.of(2026, 11, 1), vm.logFrom().get());
        assertEquals(0, server.received().size(), "counting sends nothing");

        TableView<?> table = robot.lookup("#prompt-ablation-table").queryAs(TableView.class);
        robot.clickOn(robot.lookup("#prompt-ablate-run").queryAs(Button.class));
        FxWait.until(() -> table.getItems().size() == 2 && !vm.running().get(), 60);
        assertEquals(12, server.received().size(), "the six decided images, whole and without AD");
        Label state = robot.lookup("#prompt-ablation-state").queryAs(Label.class);
        FxWait.until(() -> state.getText().startsWith("Measured bottle v1 on 6 images, 2 runs"), 10);
        Screenshots.saveIfAsked(robot, pane, "kensa.screenshot.ablationLog");
    }

    private static void leaveOutOnlyAd(FxRobot robot) {
        for (PromptPart p : PromptPart.values()) {
            CheckBox box = robot.lookup("#prompt-ablate-" + p.name().toLowerCase(java.util.Locale.ROOT)).queryAs(CheckBox.class);
            robot.interact(() -> box.setSelected(p == PromptPart.AD));
        }
    }
}

package io.kensa.ui;

import io.kensa.config.ShippedResources;
import io.kensa.inspect.AnswerCache;
import io.kensa.inspect.MarkedSet;
import io.kensa.inspect.PromptWorkbench;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explainers;
import io.kensa.llm.FakeChatServer;
import io.kensa.llm.LlmSettings;
import io.kensa.llm.ProfileDocument;
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
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * What the Ablation and Versions tabs' robot tests measure on: a copy of the demo recipe, an H2 file database whose
 * decision log has every image of a {@link MarkedSet} recorded on {@link #DAY} and decided as its class, a local HTTP
 * server answering per image, and the view-model working on a real worker thread.
 */
final class PromptMeasureFixture implements AutoCloseable {
    static final Instant DAY = Instant.parse("2026-11-02T10:00:00Z");

    final Path temp;
    final Path set;
    final Database db;
    final InspectionStore log;
    final FakeChatServer server;
    final Explainer llm;
    final PromptWorkbench workbench;
    final ProfileDocument draft;
    final PromptMeasureViewModel vm;
    private final ExecutorService worker = Executors.newSingleThreadExecutor();

    PromptMeasureFixture(Function<FakeChatServer.Received, FakeChatServer.Reply> answer) throws Exception {
        temp = Files.createTempDirectory("kensa-measure-ui");
        Path recipe = Files.createDirectories(temp.resolve("recipes/bottle"));
        try (Stream<Path> files = Files.list(ShippedResources.resolve("recipes/bottle"))) {
            for (Path f : files.toList()) {
                Files.copy(f, recipe.resolve(f.getFileName()));
            }
        }
        db = Database.openFile(temp.resolve("db"));
        set = MarkedSet.create(temp.resolve("set"));
        log = InspectionStore.open(db, temp.resolve("images"), "station-A", InspectionStore.Durability.PROCESS_CRASH,
                Clock.fixed(DAY, ZoneOffset.UTC));
        for (int i = 0; i < MarkedSet.IMAGES.size(); i++) {
            log.recordDecision(MarkedSet.record(log, set, i, DAY), DecisionInput.accept(MarkedSet.truth(i),
                    Severity.DEFECT, new Operator("q.lee", "Quinn Lee", Role.INSPECTOR), Optional.empty()));
        }
        server = new FakeChatServer().answering(answer);
        llm = Explainers.create(LlmSettings.defaults().withEndpoint(server.baseUrl(), "test-vision")
                        .withLimits(Duration.ofSeconds(10), 0, Duration.ofSeconds(1), new LlmSettings.Budget(1000, 0, 0, 0, 0)),
                Map.of(), temp.resolve("home"));
        workbench = new PromptWorkbench(new PromptProfileStore(db, temp), () -> recipe);
        draft = PromptProfiles.read(recipe.resolve(PromptProfiles.FILE_NAME));
        vm = new PromptMeasureViewModel(workbench, () -> draft, () -> llm, AnswerCache.in(temp.resolve("home")),
                Optional.of(log), ZoneOffset.UTC, worker, Platform::runLater);
        vm.dataFolder().set(set);
    }

    /** Shows {@code pane} in {@code stage} with the window's style sheet. */
    static void show(Stage stage, Parent pane) {
        Scene scene = new Scene(pane, 900, 760);
        scene.getStylesheets().add(KensaApp.class.getResource("kensa.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @Override
    public void close() throws Exception {
        worker.shutdownNow();
        llm.close();
        server.close();
        log.close();
        db.close();
    }
}

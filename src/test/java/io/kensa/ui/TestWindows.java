package io.kensa.ui;

import io.kensa.config.KensaHome;
import io.kensa.config.Settings;
import io.kensa.inspect.Workstation;
import io.kensa.model.Decision;
import io.kensa.model.Operator;
import io.kensa.store.InspectionStore;
import io.kensa.store.ReviewQueries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javafx.stage.Stage;

/** The real workstation and inspect window, wired the way {@link KensaApp} wires them, on a test stage. */
record TestWindows(Workstation workstation, MainWindow window, Path settingsFile) {

    /**
     * Opens the window on {@code home} (the surefire data folder shares its trained demo model); the window remembers
     * its settings in a file of its own, so tests never leave settings behind for each other or the CLI tests.
     */
    static TestWindows show(Stage stage, KensaHome home, Settings settings, Operator operator) throws Exception {
        DeferredListener listener = new DeferredListener();
        Workstation workstation = Workstation.open(home, settings, listener);
        Path settingsFile = Files.createTempDirectory("kensa-window-settings").resolve("settings.properties");
        MainWindow window = new MainWindow(workstation, settings, operator, settingsFile);
        listener.attach(window.listener());
        stage.setScene(window.scene(1280, 800));
        stage.show();
        return new TestWindows(workstation, window, settingsFile);
    }

    /** Empties a folder of the data folder (e.g. the database) so each test class starts from a fresh record. */
    static void clear(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(folder)).forEach(p -> p.toFile().delete());
        }
    }

    /** Every decision in the store, newest first (the review's query, as a supervisor reads them). */
    static List<Decision> decisionLog(InspectionStore store) throws Exception {
        return new ReviewQueries(store).decidedBetween(Instant.EPOCH, Instant.now().plusSeconds(3600), 1000).stream()
                .flatMap(r -> r.history().stream()).sorted(Comparator.comparingLong((Decision d) -> d.id().value()).reversed())
                .toList();
    }
}

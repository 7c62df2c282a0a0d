package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.capture.Frame;
import io.kensa.config.ShippedResources;
import io.kensa.detect.Detection;
import io.kensa.llm.Explanation;
import io.kensa.llm.MaskDetections;
import io.kensa.model.Action;
import io.kensa.model.Decision;
import io.kensa.model.DecisionInput;
import io.kensa.model.ExplanationId;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.InspectionId;
import io.kensa.model.Operator;
import io.kensa.model.ReviewCase;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import io.kensa.store.Database;
import io.kensa.store.Exporter;
import io.kensa.store.InspectionInput;
import io.kensa.store.InspectionStore;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The review view, headless, on a real H2 file database filled through the real store: demo bottle images with
 * detections made from their ground-truth masks, explanations, accepts, overrides and undos.
 *
 * <p>Standing decisions (machine class → final class): A broken_large → broken_large (accept), B broken_small →
 * contamination, C contamination → normal (accepted, undone, then overridden), D anomalous (no explanation) →
 * broken_large, E broken_small → broken_small (accept); F was accepted and undone, so it is left out. Overrides
 * 3 of 5 = 60 %; agreement 2/5; pe = (1·0 + 1·2 + 2·1 + 1·1 + 0·1) / 25 = 0.2, so kappa = (0.4 − 0.2) / 0.8 = 0.25.
 */
@ExtendWith(ApplicationExtension.class)
class ReviewViewTest {
    private static final Operator ANN = new Operator("a1", "Ann Example", Role.INSPECTOR);
    private static final Operator BEN = new Operator("b2", "Ben Example", Role.INSPECTOR);
    @TempDir
    static Path home;
    private static Database database;
    private static InspectionStore store;
    private static InspectionId caseC;
    private ReviewView view;

    @BeforeAll
    static void fill() throws Exception {
        database = Database.openFile(home.resolve("db"));
        store = InspectionStore.open(database, home.resolve("images"), "line-3",
                InspectionStore.Durability.PROCESS_CRASH, Clock.systemUTC());
        InspectionId a = inspect("broken_large", 0);
        store.recordDecision(a, DecisionInput.accept("broken_large", Severity.DEFECT, ANN,
                Optional.of(explain(a, "broken_large", Severity.DEFECT))));
        InspectionId b = inspect("broken_small", 0);
        store.recordDecision(b, DecisionInput.override("contamination", Severity.DEFECT, "dark speck, not a chip", BEN,
                Optional.of(explain(b, "broken_small", Severity.MINOR))));
        caseC = inspect("contamination", 0);
        ExplanationId shown = explain(caseC, "contamination", Severity.DEFECT);
        Decision accepted = store.recordDecision(caseC, DecisionInput.accept("contamination", Severity.DEFECT, ANN,
                Optional.of(shown)));
        store.undo(accepted.id(), ANN);
        store.recordDecision(caseC, DecisionInput.override("normal", Severity.NORMAL, "dust on the lens", ANN,
                Optional.of(shown)));
        InspectionId d = inspect("broken_large", 1);
        store.recordDecision(d, DecisionInput.override("broken_large", Severity.DEFECT, "explainer timed out", BEN,
                Optional.empty()));
        InspectionId e = inspect("broken_small", 1);
        store.recordDecision(e, DecisionInput.accept("broken_small", Severity.MINOR, ANN,
                Optional.of(explain(e, "broken_small", Severity.MINOR))));
        InspectionId f = inspect("contamination", 1);
        Decision withdrawn = store.recordDecision(f, DecisionInput.accept("contamination", Severity.DEFECT, BEN,
                Optional.of(explain(f, "contamination", Severity.DEFECT))));
        store.undo(withdrawn.id(), BEN);
    }

    @AfterAll
    static void close() {
        store.close();
        database.close();
    }

    @Start
    void start(Stage stage) {
        view = new ReviewView(store, home.resolve("exports"));
        Scene scene = new Scene(view, 1280, 800);
        scene.getStylesheets().add(KensaApp.class.getResource("kensa.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
        view.refresh();
    }

    @Test
    void showsStandingDecisionsWithAnalyticsAndFiltersOverrides(FxRobot robot) throws Exception {
        FxWait.until(() -> view.table.getItems().size() == 5, 20);
        assertEquals("5", view.summary.decided.getText());
        assertEquals("3 (60.0 %)", view.summary.overrideRate.getText());
        assertEquals("2 (40.0 %)", view.summary.acceptRate.getText());
        assertEquals("40.0 %", view.summary.agreement.getText());
        assertEquals("0.25", view.summary.kappa.getText());
        ReviewCase c = row(caseC);
        assertEquals(Action.OVERRIDE, c.decision().action(), "the override after the undo stands");
        assertEquals("contamination", c.machineClass());
        assertEquals("normal", c.finalClass());
        assertEquals(1, view.table.getItems().stream().filter(r -> r.inspection().id().equals(caseC)).count(),
                "one row per inspection");
        assertTrue(view.table.getItems().stream().anyMatch(r -> r.machineClass().equals(ReviewCase.ANOMALOUS)),
                "the inspection decided without an explanation counts as 'anomalous'");

        robot.clickOn(view.overridesOnly);
        FxWait.until(() -> view.table.getItems().size() == 3, 30);
        assertTrue(view.table.getItems().stream().allMatch(ReviewCase::overridden));
        assertEquals("5", view.summary.decided.getText(), "the summary still counts the accepts");

        robot.interact(() -> view.operatorFilter.setValue(view.operatorFilter.getItems().stream()
                .filter(ch -> ch.value().equals(Optional.of("b2"))).findFirst().orElseThrow()));
        FxWait.until(() -> view.table.getItems().size() == 2, 30);
        assertEquals("2", view.summary.decided.getText());
        assertEquals("2 (100.0 %)", view.summary.overrideRate.getText());
    }

    @Test
    void detailShowsImageExplanationAndEveryDecisionEventIncludingTheUndo(FxRobot robot) throws Exception {
        FxWait.until(() -> view.table.getItems().size() == 5, 20);
        robot.interact(() -> view.table.getSelectionModel().select(row(caseC)));
        FxWait.until(() -> view.detail.events.getChildren().size() == 3, 30);
        List<String> events = view.detail.events.getChildren().stream().map(n -> ((Label) n).getText()).toList();
        assertTrue(events.get(0).contains("ACCEPT") && events.get(0).contains("(undone)"), events.get(0));
        assertTrue(events.get(1).contains("UNDO of #"), events.get(1));
        assertTrue(events.get(2).contains("OVERRIDE  normal / normal") && events.get(2).contains("dust on the lens"),
                events.get(2));
        assertNotNull(view.detail.picture.getImage(), "the stored frame is shown");
        assertEquals(320, view.detail.picture.getImage().getWidth());
        assertEquals("", view.detail.pictureProblem.getText());
        assertTrue(view.detail.explanationHead.getText().contains("model gpt-4o-mini"), view.detail.explanationHead.getText());
        assertTrue(view.detail.explanationHead.getText().contains("profile bottle v3"));
        assertTrue(view.detail.explanationHead.getText().contains("shown when deciding"));
        assertTrue(view.detail.rationale.getText().contains("contamination"), view.detail.rationale.getText());
        screenshot(robot);
    }

    @Test
    void verifiesTheAuditTrailAndExportsInTheBackground(FxRobot robot) throws Exception {
        robot.clickOn(view.verifyButton);
        // 6 inspections + 5 explanations + 7 decisions + 2 undos
        FxWait.until(() -> view.auditResult.getText().startsWith("Audit trail OK"), 20);
        assertTrue(view.auditResult.getText().matches("Audit trail OK: 20 events verified; head 20:[0-9a-f]{64}"),
                view.auditResult.getText());

        Path exports = Files.createDirectories(home.resolve("exports"));
        @SuppressWarnings("unchecked")
        javafx.concurrent.Task<Exporter.Summary>[] task = new javafx.concurrent.Task[1];
        robot.interact(() -> task[0] = view.export(exports).orElseThrow());
        FxWait.until(() -> task[0].isDone(), 60);
        Exporter.Summary summary = task[0].get();
        assertEquals(6, summary.inspections());
        assertEquals(9, summary.decisions());
        assertTrue(Files.isRegularFile(summary.folder().resolve("inspections.csv")));
        assertTrue(summary.folder().startsWith(exports));
        FxWait.until(() -> view.status.getText().startsWith("Exported 6 inspections"), 30);
        assertTrue(!view.exportButton.isDisabled(), "export can run again");

        Path cancelled = Files.createDirectories(home.resolve("cancelled-exports"));
        robot.interact(() -> {
            task[0] = view.export(cancelled).orElseThrow();
            assertTrue(view.cancelExport.isVisible(), "progress and cancel are shown while exporting");
            view.cancelExport.fire();
        });
        FxWait.until(() -> view.status.getText().startsWith("Export cancelled"), 30);
        assertTrue(task[0].isCancelled());
        FxWait.until(() -> count(cancelled) == 0, 30);
    }

    // ---- helpers

    private static long count(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private ReviewCase row(InspectionId id) {
        return view.table.getItems().stream().filter(r -> r.inspection().id().equals(id)).findFirst().orElseThrow();
    }

    private static InspectionId inspect(String defect, int index) throws Exception {
        Path bottle = ShippedResources.demoBottle();
        String name = String.format("%03d", index);
        BufferedImage image = ImageIO.read(bottle.resolve("test").resolve(defect).resolve(name + ".png").toFile());
        BufferedImage mask = ImageIO.read(bottle.resolve("ground_truth").resolve(defect).resolve(name + "_mask.png").toFile());
        Detection detection = MaskDetections.fromMask(mask, image.getWidth(), image.getHeight());
        Frame frame = new Frame(index + 1, Instant.now(), "folder:" + bottle.resolve("test"), defect + "/" + name + ".png", image);
        return store.recordInspection(new InspectionInput(frame, detection, "demo-bottle", 1));
    }

    private static ExplanationId explain(InspectionId id, String cls, Severity severity) throws Exception {
        return store.recordExplanation(id, new Explanation(ExplanationStatus.ANSWERED, "llm", "gpt-4o-mini",
                "http://127.0.0.1:9/v1", "bottle", 3, Optional.of(cls), Optional.of(severity), 0.8,
                "Looks like " + cls + " near the outlined region.", "outlined region", "ND/AD/CS prompt",
                "{\"class\":\"" + cls + "\"}", 900, 800, 40, false, Instant.now()));
    }

    private void screenshot(FxRobot robot) throws IOException {
        Path file = Path.of("target", "screenshots", "review-view.png");
        Files.createDirectories(file.getParent());
        javafx.scene.image.WritableImage[] shot = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> shot[0] = view.snapshot(null, null));
        ImageIO.write(SwingFXUtils.fromFXImage(shot[0], null), "png", file.toFile());
    }
}

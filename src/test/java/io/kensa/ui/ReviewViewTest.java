package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The review tab's bindings, headless, found by node id on the {@link ReviewFixture} log: that each control drives
 * its {@link ReviewViewModel} property and each label shows one. What the view-model does is in
 * {@link ReviewViewModelTest}.
 */
@ExtendWith(ApplicationExtension.class)
class ReviewViewTest {
    @TempDir
    static Path home;
    private static Database database;
    private static InspectionStore store;
    private static ReviewFixture.Cases cases;
    private ReviewView view;
    private TestSignatures signatures;

    @BeforeAll
    static void fill() throws Exception {
        database = Database.openFile(home.resolve("db"));
        store = InspectionStore.open(database, home.resolve("images"), "line-3",
                InspectionStore.Durability.PROCESS_CRASH, Clock.systemUTC());
        cases = ReviewFixture.fill(store);
    }

    @AfterAll
    static void close() {
        store.close();
        database.close();
    }

    @AfterEach
    void closeSignatures() {
        signatures.close();
    }

    @Start
    void start(Stage stage) throws Exception {
        signatures = TestSignatures.signedIn(ReviewFixture.SUE);
        view = new ReviewView(store, home.resolve("exports"), () -> ReviewFixture.SUE, signatures.vm);
        Scene scene = new Scene(view, 1280, 800);
        scene.getStylesheets().add(KensaApp.class.getResource("kensa.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
        view.refresh();
    }

    @Test
    void tableSummaryStatusAndFiltersAreBound(FxRobot robot) throws Exception {
        TableView<ReviewRow> table = robot.lookup("#review-table").queryTableView();
        FxWait.until(() -> table.getItems().size() == 5, 20);
        assertEquals("5 of 5 standing decisions shown", robot.lookup("#review-status").queryAs(Label.class).getText());
        assertEquals("5", robot.lookup("#review-decided").queryAs(Label.class).getText());
        assertEquals("3 (60.0 %)", robot.lookup("#review-overridden").queryAs(Label.class).getText());
        assertEquals("0.25", robot.lookup("#review-kappa").queryAs(Label.class).getText());

        robot.clickOn("#review-overrides-only");
        assertTrue(robot.lookup("#review-overrides-only").queryAs(CheckBox.class).isSelected());
        FxWait.until(() -> table.getItems().size() == 3, 30);
        assertTrue(view.viewModel().overridesOnly().get(), "the check box drives the view-model");

        @SuppressWarnings("unchecked")
        ComboBox<ReviewViewModel.Choice> operator = robot.lookup("#review-operator").queryAs(ComboBox.class);
        assertEquals(List.of("All operators", "Ann Example (a1)", "Ben Example (b2)"),
                operator.getItems().stream().map(ReviewViewModel.Choice::label).toList());
        robot.interact(() -> operator.setValue(operator.getItems().get(2)));
        FxWait.until(() -> table.getItems().size() == 2, 30);
        assertEquals(Optional.of("b2"), view.viewModel().operatorFilter().get().value());
        assertEquals("2", robot.lookup("#review-decided").queryAs(Label.class).getText());
        robot.interact(() -> view.viewModel().overridesOnly().set(false));
        assertFalse(robot.lookup("#review-overrides-only").queryAs(CheckBox.class).isSelected(), "and back");
    }

    @Test
    void chartsAreDrawnFromTheFiguresAndTheShiftReportCarriesThemAsDrawn(FxRobot robot) throws Exception {
        TableView<ReviewRow> table = robot.lookup("#review-table").queryTableView();
        FxWait.until(() -> table.getItems().size() == 5, 20);
        FxWait.until(() -> view.viewModel().report().get().summary().decided() == 5, 20);
        @SuppressWarnings("unchecked")
        javafx.scene.chart.XYChart<String, Number> perOperator = robot.lookup("#review-chart-operator").queryAs(javafx.scene.chart.XYChart.class);
        assertEquals(2, perOperator.getData().get(0).getData().size(), "one bar per operator");
        assertTrue(perOperator.getData().get(0).getData().get(0).getXValue().contains("n "), "each bar names its n");
        java.util.concurrent.atomic.AtomicReference<List<ReviewViewModel.TitledImage>> drawn = new java.util.concurrent.atomic.AtomicReference<>();
        robot.interact(() -> drawn.set(view.chartImages()));
        assertEquals(5, drawn.get().size());
        for (ReviewViewModel.TitledImage c : drawn.get()) {
            java.awt.image.BufferedImage image = c.image();
            java.util.Set<Integer> colours = new java.util.HashSet<>();
            for (int y = 0; y < image.getHeight(); y += 4) {
                for (int x = 0; x < image.getWidth(); x += 4) {
                    colours.add(image.getRGB(x, y));
                }
            }
            assertTrue(colours.size() > 3, c.title() + " is drawn, not blank");
        }
        Path report = Path.of("target", "shift-report.html");
        robot.interact(() -> view.viewModel().saveShiftReport(report, drawn.get()));
        FxWait.until(() -> view.viewModel().status().get().startsWith("Shift report saved"), 20);
        String html = java.nio.file.Files.readString(report);
        assertEquals(5, html.split("data:image/png;base64,", -1).length - 1, "the five charts inline");
    }

    @Test
    void headerSortGoesThroughTheViewModel(FxRobot robot) throws Exception {
        TableView<ReviewRow> table = robot.lookup("#review-table").queryTableView();
        FxWait.until(() -> table.getItems().size() == 5, 20);
        TableColumn<ReviewRow, ?> operator = table.getColumns().get(2);
        assertEquals("Operator", operator.getText());
        robot.interact(() -> {
            operator.setSortType(TableColumn.SortType.DESCENDING);
            table.getSortOrder().setAll(List.of(operator));
        });
        assertEquals(List.of("Ben Example", "Ben Example", "Ann Example", "Ann Example", "Ann Example"),
                table.getItems().stream().map(ReviewRow::operator).toList());
        assertEquals(table.getItems(), view.viewModel().rows(), "the table shows the view-model's order");
    }

    @Test
    void selectingARowShowsItsDetail(FxRobot robot) throws Exception {
        TableView<ReviewRow> table = robot.lookup("#review-table").queryTableView();
        FxWait.until(() -> table.getItems().size() == 5, 20);
        int index = rowIndex(table, cases.c().value());
        robot.interact(() -> table.getSelectionModel().select(index));
        VBox events = robot.lookup("#review-detail-events").queryAs(VBox.class);
        FxWait.until(() -> events.getChildren().size() == 3, 30);
        assertEquals(table.getItems().get(index), view.viewModel().selected().get());
        assertEquals("Inspection " + cases.c().value() + " · line-3",
                robot.lookup("#review-detail-title").queryAs(Label.class).getText());
        assertTrue(((Label) events.getChildren().get(1)).getStyleClass().contains("review-event-undo"));
        assertTrue(((Label) events.getChildren().get(0)).getStyleClass().contains("review-event-undone"));
        assertNotNull(robot.lookup("#review-detail-picture").queryAs(ImageView.class).getImage());
        assertEquals(view.viewModel().detail().get().rationale(),
                robot.lookup("#review-detail-rationale").queryAs(Label.class).getText());
        screenshot(robot);
    }

    @Test
    void verifyAndExportAreBound(FxRobot robot) throws Exception {
        Label audit = robot.lookup("#review-audit").queryAs(Label.class);
        robot.clickOn("#review-verify");
        FxWait.until(() -> audit.getText().startsWith("Audit trail OK"), 20);
        assertTrue(audit.getStyleClass().contains("review-ok"), audit.getStyleClass().toString());

        Path exports = Files.createDirectories(home.resolve("exports"));
        Button export = robot.lookup("#review-export").queryButton();
        HBox bar = robot.lookup("#review-export-bar").queryAs(HBox.class);
        assertFalse(bar.isVisible());
        robot.interact(() -> {
            assertTrue(view.viewModel().export(exports));
            assertTrue(bar.isVisible() && export.isDisabled(), "progress and cancel are shown while exporting");
            robot.lookup("#review-export-cancel").queryButton().fire();
            assertEquals("Cancelling…", robot.lookup("#review-export-message").queryAs(Label.class).getText());
        });
        Label status = robot.lookup("#review-status").queryAs(Label.class);
        FxWait.until(() -> !export.isDisabled(), 60);
        assertFalse(bar.isVisible());
        assertTrue(status.getText().startsWith("Export"), status.getText());
    }

    private static int rowIndex(TableView<ReviewRow> table, long inspection) {
        for (int i = 0; i < table.getItems().size(); i++) {
            if (table.getItems().get(i).reviewCase().inspection().id().value() == inspection) {
                return i;
            }
        }
        throw new AssertionError("no row for inspection " + inspection);
    }

    private void screenshot(FxRobot robot) throws IOException {
        Path file = Path.of("target", "screenshots", "review-view.png");
        Files.createDirectories(file.getParent());
        javafx.scene.image.WritableImage[] shot = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> shot[0] = view.snapshot(null, null));
        ImageIO.write(SwingFXUtils.fromFXImage(shot[0], null), "png", file.toFile());
    }
}

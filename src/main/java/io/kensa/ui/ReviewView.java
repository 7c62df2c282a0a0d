package io.kensa.ui;

import io.kensa.model.Operator;
import io.kensa.store.InspectionStore;
import io.kensa.ui.ReviewRow.Column;
import io.kensa.ui.ReviewViewModel.Choice;
import io.kensa.util.Threads;
import java.io.File;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.stage.FileChooser;

/**
 * The supervisor's review of the decision log: filters, the standing decisions (undone ones left out), the
 * selected inspection in detail, machine-versus-inspector analytics, audit verification and export. The controls
 * bind to a {@link ReviewViewModel}, which filters, sorts and runs every database and file call on background
 * threads; the FX thread only draws. Nothing is loaded until {@link #refresh()} is called.
 */
public final class ReviewView extends BorderPane {
    private static final ExecutorService BACKGROUND = Threads.cached("kensa-review");

    private final ReviewViewModel vm;
    private final TableView<ReviewRow> table = new TableView<>();
    private final ReviewSummaryPane summary = new ReviewSummaryPane();
    private final ReviewChartsPane charts = new ReviewChartsPane();
    private final ReviewDetailPane detail = new ReviewDetailPane();
    private boolean selecting;

    /**
     * @param store          the station's store (only read here) or one from {@link InspectionStore#openForReading}
     * @param exportsFolder  where the export folder chooser starts
     * @param viewer         who is signed in now (exporting needs the EXPORT permission)
     * @param signatures     asks for the password when the supervisor closes a review
     */
    public ReviewView(InspectionStore store, Path exportsFolder, Supplier<Operator> viewer, SignatureViewModel signatures) {
        this(new ReviewViewModel(store, exportsFolder, ZoneId.systemDefault(), LocalDate.now(ZoneId.systemDefault()),
                viewer, signatures, BACKGROUND, Platform::runLater));
    }

    ReviewView(ReviewViewModel vm) {
        this.vm = vm;
        getStylesheets().add(ReviewView.class.getResource("review.css").toExternalForm());
        getStyleClass().add("review-view");
        setTop(filters());
        buildTable();
        Tab summaryTab = new Tab("Summary", summary);
        Tab chartsTab = new Tab("Charts", charts);
        chartsTab.setId("review-charts-tab");
        TabPane figures = new TabPane(summaryTab, chartsTab);
        figures.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane left = new SplitPane(table, figures);
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.55);
        SplitPane center = new SplitPane(left, detail);
        center.setDividerPositions(0.66);
        setCenter(center);
        setBottom(statusBar());
        summary.show(vm.summary().get());
        vm.summary().addListener((o, a, s) -> summary.show(s));
        charts.show(vm.report().get());
        vm.report().addListener((o, a, r) -> charts.show(r));
        detail.show(vm.detail().get());
        vm.detail().addListener((o, a, d) -> detail.show(d));
    }

    /** Reloads the decisions in the date range (call when the view is shown, and after decisions were made). */
    public void refresh() {
        vm.refresh();
    }

    /** What the controls are bound to (for tests of the bindings). */
    ReviewViewModel viewModel() {
        return vm;
    }

    private HBox filters() {
        DatePicker fromDate = datePicker("review-from", vm.fromDate());
        DatePicker toDate = datePicker("review-to", vm.toDate());
        CheckBox overridesOnly = new CheckBox("Overrides only");
        overridesOnly.setId("review-overrides-only");
        overridesOnly.selectedProperty().bindBidirectional(vm.overridesOnly());
        ComboBox<Choice> classFilter = choices("review-class", vm.classChoices(), vm.classFilter());
        ComboBox<Choice> operatorFilter = choices("review-operator", vm.operatorChoices(), vm.operatorFilter());
        Button refreshButton = button("review-refresh", "Refresh", vm::refresh);
        Button verifyButton = button("review-verify", "Verify audit trail", vm::verifyAuditTrail);
        verifyButton.disableProperty().bind(vm.verifying());
        Button exportButton = button("review-export", "Export…", this::chooseExportFolder);
        Button reportButton = button("review-shift-report", "Shift report…", this::saveShiftReport);
        Button viewButton = button("review-save-view", "Save view…", this::saveView);
        Button closeButton = button("review-close", "Close review…", vm::closeReview);
        exportButton.disableProperty().bind(vm.exporting());
        // what they write is the figures of the whole range: not before it is read and counted
        reportButton.disableProperty().bind(vm.counted().not());
        viewButton.disableProperty().bind(vm.counted().not());
        closeButton.disableProperty().bind(vm.counted().not());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox filters = new HBox(8, new Label("From"), fromDate, new Label("to"), toDate, overridesOnly,
                classFilter, operatorFilter, refreshButton, gap, verifyButton, viewButton, reportButton, exportButton,
                closeButton);
        filters.setAlignment(Pos.CENTER_LEFT);
        filters.setPadding(new Insets(6, 8, 6, 8));
        filters.getStyleClass().add("review-filters");
        return filters;
    }

    /** The charts are drawn here (snapshots need the FX thread); the view-model encodes and writes the file. */
    private void saveShiftReport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the shift report");
        chooser.setInitialFileName("kensa-shift-report-" + vm.toDate().get() + ".html");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("HTML page", "*.html"));
        java.io.File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            vm.saveShiftReport(file.toPath(), chartImages());
        }
    }

    /** The rows as CSV and the charts as PNG files, into a folder the supervisor picks. */
    private void saveView() {
        PaneControls.chooseFolder(this, "Save the rows (CSV) and the charts (PNG) into", Optional.empty())
                .ifPresent(folder -> vm.saveView(folder, chartImages()));
    }

    /** Each chart as drawn, for the shift report. */
    List<ReviewViewModel.TitledImage> chartImages() {
        // the theme's background behind the chart: its light text would vanish on a transparent snapshot
        SnapshotParameters on = new SnapshotParameters();
        on.setFill(Color.web("#1f2329"));
        return charts.charts().stream().map(c -> new ReviewViewModel.TitledImage(ReviewChartsPane.title(c),
                SwingFXUtils.fromFXImage(c.snapshot(on, null), null))).toList();
    }

    private HBox statusBar() {
        Label status = new Label();
        status.setId("review-status");
        status.textProperty().bind(vm.status());
        styleWhen(status, "error-text", vm.statusError(), error -> error);
        status.setMaxWidth(Double.MAX_VALUE);
        Label auditResult = new Label();
        auditResult.setId("review-audit");
        auditResult.textProperty().bind(vm.auditResult());
        styleWhen(auditResult, "review-ok", vm.auditTone(), tone -> tone == ReviewViewModel.Tone.OK);
        styleWhen(auditResult, "error-text", vm.auditTone(), tone -> tone == ReviewViewModel.Tone.ERROR);
        ProgressBar exportProgress = new ProgressBar(0);
        exportProgress.setId("review-export-progress");
        exportProgress.setPrefWidth(160);
        exportProgress.progressProperty().bind(vm.exportProgress());
        Label exportMessage = new Label();
        exportMessage.setId("review-export-message");
        exportMessage.textProperty().bind(vm.exportMessage());
        Button cancelExport = button("review-export-cancel", "Cancel export", vm::cancelExport);
        HBox exportBar = new HBox(8, exportMessage, exportProgress, cancelExport);
        exportBar.setId("review-export-bar");
        exportBar.setAlignment(Pos.CENTER_LEFT);
        exportBar.visibleProperty().bind(vm.exporting());
        exportBar.managedProperty().bind(vm.exporting());
        Region statusGap = new Region();
        HBox.setHgrow(statusGap, Priority.ALWAYS);
        HBox bottom = new HBox(12, status, statusGap, auditResult, exportBar);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.getStyleClass().add("status-bar");
        return bottom;
    }

    private void chooseExportFolder() {
        PaneControls.chooseFolder(this, vm.exportTitle(), vm.exportStart()).ifPresent(vm::export);
    }

    private void buildTable() {
        table.setId("review-table");
        table.getColumns().add(column("Time", Column.TIME, ReviewRow::time, 135));
        table.getColumns().add(column("Station", Column.STATION, ReviewRow::station, 80));
        table.getColumns().add(column("Operator", Column.OPERATOR, ReviewRow::operator, 100));
        table.getColumns().add(column("Action", Column.ACTION, ReviewRow::action, 70));
        table.getColumns().add(column("Machine", Column.MACHINE, ReviewRow::machine, 140));
        table.getColumns().add(column("Final", Column.FINAL, ReviewRow::finalVerdict, 140));
        table.getColumns().add(column("Comment", Column.COMMENT, ReviewRow::comment, 160));
        TableColumn<ReviewRow, Double> score = column("Score", Column.SCORE, ReviewRow::score, 70);
        score.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Double value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty || value == null ? "" : String.format(Locale.ROOT, "%.3f", value));
            }
        });
        table.getColumns().add(score);
        table.getColumns().add(column("Profile", Column.PROFILE, ReviewRow::profile, 90));
        table.setPlaceholder(new Label("No decisions in this range"));
        table.setItems(vm.rows());
        // the header clicks say how to sort; the view-model sorts
        table.setSortPolicy(t -> {
            vm.sortBy(t.getSortOrder().stream().map(c -> new ReviewRow.Sort((Column) c.getUserData(),
                    c.getSortType() == TableColumn.SortType.ASCENDING)).toList());
            return true;
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (!selecting) {
                vm.selected().set(row);
            }
        });
        vm.selected().addListener((o, a, row) -> select(row));
    }

    private void select(ReviewRow row) {
        selecting = true;
        try {
            if (row == null) {
                table.getSelectionModel().clearSelection();
            } else {
                table.getSelectionModel().select(row);
            }
        } finally {
            selecting = false;
        }
    }

    private static <T> TableColumn<ReviewRow, T> column(String title, Column key, Function<ReviewRow, T> value,
                                                        double width) {
        TableColumn<ReviewRow, T> col = new TableColumn<>(title);
        col.setId("review-col-" + key.name().toLowerCase(Locale.ROOT));
        col.setUserData(key);
        col.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        col.setPrefWidth(width);
        return col;
    }

    private static DatePicker datePicker(String id, ObjectProperty<LocalDate> value) {
        DatePicker p = new DatePicker();
        p.setId(id);
        p.setPrefWidth(130);
        p.valueProperty().bindBidirectional(value);
        return p;
    }

    private static ComboBox<Choice> choices(String id, ObservableList<Choice> items,
                                            ObjectProperty<Choice> value) {
        ComboBox<Choice> box = new ComboBox<>(items);
        box.setId(id);
        box.valueProperty().bindBidirectional(value);
        return box;
    }

    private static Button button(String id, String text, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    /** Gives {@code node} the style class while {@code when} holds for the value. */
    private static <T> void styleWhen(Node node, String styleClass, ObservableValue<T> value, Predicate<T> when) {
        Runnable apply = () -> {
            node.getStyleClass().remove(styleClass);
            if (when.test(value.getValue())) {
                node.getStyleClass().add(styleClass);
            }
        };
        apply.run();
        value.addListener((o, a, b) -> apply.run());
    }
}

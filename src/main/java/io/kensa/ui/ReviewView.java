package io.kensa.ui;

import io.kensa.model.ReviewCase;
import io.kensa.model.ReviewedInspection;
import io.kensa.review.OverrideAnalytics;
import io.kensa.review.ReviewFilter;
import io.kensa.store.Exporter;
import io.kensa.store.InspectionStore;
import io.kensa.store.ReviewQueries;
import io.kensa.store.VerifyResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.DirectoryChooser;

/**
 * The supervisor's review of the decision log: filters, the standing decisions (undone ones left out), the
 * selected inspection in detail, machine-versus-inspector analytics, audit verification and export. Every
 * database call runs on a named background thread; nothing is loaded until {@link #refresh()} is called.
 */
public final class ReviewView extends BorderPane {
    /** Inspections loaded per refresh; the status line says when the range holds more. */
    static final int LIMIT = 10_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final InspectionStore store;
    private final ReviewQueries queries;
    private final Path exportsFolder;
    private final ZoneId zone = ZoneId.systemDefault();

    final DatePicker fromDate = new DatePicker();
    final DatePicker toDate = new DatePicker();
    final CheckBox overridesOnly = new CheckBox("Overrides only");
    final ComboBox<Choice> classFilter = new ComboBox<>();
    final ComboBox<Choice> operatorFilter = new ComboBox<>();
    final Button refreshButton = new Button("Refresh");
    final Button verifyButton = new Button("Verify audit trail");
    final Button exportButton = new Button("Export…");
    final TableView<ReviewCase> table = new TableView<>();
    final ReviewSummaryPane summary = new ReviewSummaryPane();
    final ReviewDetailPane detail;
    final Label status = new Label("Not loaded yet");
    final Label auditResult = new Label();
    final ProgressBar exportProgress = new ProgressBar(0);
    final Label exportMessage = new Label();
    final Button cancelExport = new Button("Cancel export");
    private final HBox exportBar;

    private List<ReviewCase> loaded = List.of();
    private long loadGeneration;
    private long detailGeneration;
    private boolean choosing;
    private Task<Exporter.Summary> export;

    /**
     * @param store          the station's store (only read here) or one from {@link InspectionStore#openForReading}
     * @param exportsFolder  where the export folder chooser starts
     */
    public ReviewView(InspectionStore store, Path exportsFolder) {
        this.store = store;
        this.queries = new ReviewQueries(store);
        this.exportsFolder = exportsFolder;
        this.detail = new ReviewDetailPane(zone);
        getStylesheets().add(ReviewView.class.getResource("review.css").toExternalForm());
        getStyleClass().add("review-view");

        LocalDate today = LocalDate.now(zone);
        fromDate.setValue(today.minusDays(6));
        toDate.setValue(today);
        for (DatePicker p : List.of(fromDate, toDate)) {
            p.setPrefWidth(130);
            p.valueProperty().addListener((o, a, b) -> refresh());
        }
        classFilter.getItems().setAll(Choice.ANY_CLASS);
        classFilter.setValue(Choice.ANY_CLASS);
        operatorFilter.getItems().setAll(Choice.ANY_OPERATOR);
        operatorFilter.setValue(Choice.ANY_OPERATOR);
        overridesOnly.selectedProperty().addListener((o, a, b) -> applyFilter());
        classFilter.valueProperty().addListener((o, a, b) -> applyFilterUnlessChoosing());
        operatorFilter.valueProperty().addListener((o, a, b) -> applyFilterUnlessChoosing());
        refreshButton.setOnAction(e -> refresh());
        verifyButton.setOnAction(e -> verifyAuditTrail());
        exportButton.setOnAction(e -> chooseExportFolder());
        cancelExport.setOnAction(e -> {
            if (export != null) {
                // no interrupt: an interrupted thread would close H2's file channel; the exporter polls the flag
                export.cancel(false);
            }
        });

        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox filters = new HBox(8, new Label("From"), fromDate, new Label("to"), toDate, overridesOnly,
                classFilter, operatorFilter, refreshButton, gap, verifyButton, exportButton);
        filters.setAlignment(Pos.CENTER_LEFT);
        filters.setPadding(new Insets(6, 8, 6, 8));
        filters.getStyleClass().add("review-filters");
        setTop(filters);

        buildTable();
        SplitPane left = new SplitPane(table, summary);
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.55);
        SplitPane center = new SplitPane(left, detail);
        center.setDividerPositions(0.66);
        setCenter(center);

        exportProgress.setPrefWidth(160);
        exportBar = new HBox(8, exportMessage, exportProgress, cancelExport);
        exportBar.setAlignment(Pos.CENTER_LEFT);
        exportBar.setVisible(false);
        exportBar.setManaged(false);
        Region statusGap = new Region();
        HBox.setHgrow(statusGap, Priority.ALWAYS);
        status.setMaxWidth(Double.MAX_VALUE);
        HBox bottom = new HBox(12, status, statusGap, auditResult, exportBar);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.getStyleClass().add("status-bar");
        setBottom(bottom);
    }

    /** Reloads the decisions in the date range (call when the view is shown, and after decisions were made). */
    public void refresh() {
        Optional<Range> range = range();
        if (range.isEmpty()) {
            return;
        }
        Instant from = range.get().from();
        Instant to = range.get().to();
        long generation = ++loadGeneration;
        showStatus("Loading decisions…", false);
        Task<Loaded> task = new Task<>() {
            @Override
            protected Loaded call() throws Exception {
                List<ReviewedInspection> inspections = queries.decidedBetween(from, to, LIMIT);
                List<ReviewCase> cases = inspections.stream().flatMap(i -> i.standing().stream())
                        .filter(c -> !c.decision().decidedAt().isBefore(from) && c.decision().decidedAt().isBefore(to))
                        .sorted(Comparator.comparing((ReviewCase c) -> c.decision().decidedAt())
                                .thenComparing(c -> c.decision().id().value()).reversed())
                        .toList();
                return new Loaded(cases, inspections.size() >= LIMIT);
            }
        };
        task.setOnSucceeded(e -> {
            if (generation == loadGeneration) {
                loaded = task.getValue().cases();
                updateChoices();
                applyFilter();
                if (task.getValue().truncated()) {
                    showStatus(status.getText() + " — only the newest " + LIMIT
                            + " inspections were loaded; narrow the dates to see all.", false);
                }
            }
        });
        task.setOnFailed(e -> {
            if (generation == loadGeneration) {
                showStatus(message(task.getException()), true);
            }
        });
        start(task, "kensa-review-query");
    }

    /** The chosen days as {@code [start of from day, start of the day after to)}; empty (and said why) when invalid. */
    private Optional<Range> range() {
        if (fromDate.getValue() == null || toDate.getValue() == null) {
            showStatus("Choose both dates.", true);
            return Optional.empty();
        }
        Instant from = fromDate.getValue().atStartOfDay(zone).toInstant();
        Instant to = toDate.getValue().plusDays(1).atStartOfDay(zone).toInstant();
        if (!from.isBefore(to)) {
            showStatus("The start date " + fromDate.getValue() + " is after the end date " + toDate.getValue() + ".", true);
            return Optional.empty();
        }
        return Optional.of(new Range(from, to));
    }

    /**
     * Starts an export of the inspections captured in the date range into a new folder inside {@code parent};
     * empty when the dates are invalid or an export is already running.
     */
    Optional<Task<Exporter.Summary>> export(Path parent) {
        Optional<Range> range = range();
        if (range.isEmpty() || export != null && export.isRunning()) {
            return Optional.empty();
        }
        Instant from = range.get().from();
        Instant to = range.get().to();
        Path folder = parent.resolve("kensa-export-" + fromDate.getValue() + "_" + toDate.getValue() + "-"
                + STAMP.format(LocalDateTime.now(zone)));
        Task<Exporter.Summary> task = new Task<>() {
            @Override
            protected Exporter.Summary call() throws Exception {
                updateMessage("Exporting…");
                return new Exporter(store).export(new Exporter.Request(from, to, EnumSet.allOf(Exporter.Format.class),
                        folder, true), (done, total) -> {
                    updateProgress(done, Math.max(1, total));
                    updateMessage("Exporting " + done + " / " + total);
                }, this::isCancelled);
            }
        };
        export = task;
        exportProgress.progressProperty().bind(task.progressProperty());
        exportMessage.textProperty().bind(task.messageProperty());
        exportBar.setVisible(true);
        exportBar.setManaged(true);
        exportButton.setDisable(true);
        task.setOnSucceeded(e -> {
            endExport();
            Exporter.Summary s = task.getValue();
            showStatus("Exported " + s.inspections() + " inspections, " + s.decisions() + " decisions and "
                    + s.images() + " images to " + s.folder() + s.imageWarning().map(w -> ". Warning: " + w).orElse(""),
                    s.imageWarning().isPresent());
        });
        task.setOnFailed(e -> {
            endExport();
            if (task.getException() instanceof CancellationException c) {
                showStatus("Export cancelled: " + c.getMessage(), false);
            } else {
                showStatus("Export failed: " + message(task.getException()), true);
            }
        });
        task.setOnCancelled(e -> {
            endExport();
            showStatus("Export cancelled; nothing was kept.", false);
        });
        start(task, "kensa-review-export");
        return Optional.of(task);
    }

    private void endExport() {
        exportProgress.progressProperty().unbind();
        exportMessage.textProperty().unbind();
        exportBar.setVisible(false);
        exportBar.setManaged(false);
        exportButton.setDisable(false);
    }

    private void chooseExportFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Export inspections captured " + fromDate.getValue() + " to " + toDate.getValue() + " into");
        if (Files.isDirectory(exportsFolder)) {
            chooser.setInitialDirectory(exportsFolder.toFile());
        }
        File chosen = chooser.showDialog(getScene() == null ? null : getScene().getWindow());
        if (chosen != null) {
            export(chosen.toPath());
        }
    }

    /** Checks the audit hash chain in the background and shows OK with the count, or the first broken link. */
    void verifyAuditTrail() {
        verifyButton.setDisable(true);
        auditResult.getStyleClass().removeAll("error-text", "review-ok");
        auditResult.setText("Verifying the audit trail…");
        Task<VerifyResult> task = new Task<>() {
            @Override
            protected VerifyResult call() throws Exception {
                return store.auditTrail().verify();
            }
        };
        task.setOnSucceeded(e -> {
            verifyButton.setDisable(false);
            VerifyResult r = task.getValue();
            if (r.ok()) {
                // the head, to note outside the database (kensa audit verify --expect takes it back)
                auditResult.setText("Audit trail OK: " + r.checkedCount() + " events verified; head " + r.head());
                auditResult.getStyleClass().add("review-ok");
            } else {
                auditResult.setText("Audit trail BROKEN" + r.firstBrokenEventId().map(id -> " at event " + id).orElse("")
                        + ": " + r.reason() + " (" + r.checkedCount() + " events checked before it)");
                auditResult.getStyleClass().add("error-text");
            }
        });
        task.setOnFailed(e -> {
            verifyButton.setDisable(false);
            auditResult.setText(message(task.getException()));
            auditResult.getStyleClass().add("error-text");
        });
        start(task, "kensa-review-audit");
    }

    private void applyFilterUnlessChoosing() {
        if (!choosing) {
            applyFilter();
        }
    }

    private void applyFilter() {
        ReviewFilter f = new ReviewFilter(choice(operatorFilter), choice(classFilter), overridesOnly.isSelected());
        List<ReviewCase> rows = loaded.stream().filter(f::matches).toList();
        List<ReviewCase> forSummary = loaded.stream().filter(f::matchesForSummary).toList();
        ReviewCase selected = table.getSelectionModel().getSelectedItem();
        table.getItems().setAll(rows);
        if (selected != null && rows.contains(selected)) {
            table.getSelectionModel().select(selected);
        }
        summary.show(OverrideAnalytics.summarise(forSummary, zone, 5));
        showStatus(rows.size() + " of " + loaded.size() + " standing decisions shown"
                + (f.overridesOnly() ? " (overrides only; the summary counts accepts too)" : ""), false);
    }

    private static Optional<String> choice(ComboBox<Choice> box) {
        return box.getValue() == null ? Optional.empty() : box.getValue().value();
    }

    private void updateChoices() {
        choosing = true;
        try {
            Choice cls = classFilter.getValue();
            Choice op = operatorFilter.getValue();
            TreeSet<String> classes = new TreeSet<>();
            TreeMap<String, String> operators = new TreeMap<>();
            for (ReviewCase c : loaded) {
                classes.add(c.machineClass());
                classes.add(c.finalClass());
                operators.putIfAbsent(c.decision().operator().id(),
                        c.decision().operator().name() + " (" + c.decision().operator().id() + ")");
            }
            classFilter.getItems().setAll(Choice.ANY_CLASS);
            classes.forEach(k -> classFilter.getItems().add(new Choice(k, Optional.of(k))));
            operatorFilter.getItems().setAll(Choice.ANY_OPERATOR);
            operators.forEach((id, label) -> operatorFilter.getItems().add(new Choice(label, Optional.of(id))));
            classFilter.setValue(classFilter.getItems().contains(cls) ? cls : Choice.ANY_CLASS);
            operatorFilter.setValue(operatorFilter.getItems().contains(op) ? op : Choice.ANY_OPERATOR);
        } finally {
            choosing = false;
        }
    }

    private void buildTable() {
        table.getColumns().add(column("Time", c -> TIME.format(c.decision().decidedAt().atZone(zone)), 135));
        table.getColumns().add(column("Station", c -> c.decision().station(), 80));
        table.getColumns().add(column("Operator", c -> c.decision().operator().name(), 100));
        table.getColumns().add(column("Action", c -> c.decision().action().name().toLowerCase(Locale.ROOT), 70));
        table.getColumns().add(column("Machine", c -> c.machineClass() + c.machineSeverity().map(s -> " / " + s.wire())
                .orElse(""), 140));
        table.getColumns().add(column("Final", c -> c.finalClass() + " / " + c.decision().severity().wire(), 140));
        table.getColumns().add(column("Comment", c -> c.decision().comment(), 160));
        TableColumn<ReviewCase, Double> score = column("Score", c -> c.inspection().score(), 70);
        score.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Double value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty || value == null ? "" : String.format(Locale.ROOT, "%.3f", value));
            }
        });
        table.getColumns().add(score);
        table.getColumns().add(column("Profile", c -> c.shown().map(a -> a.profileName() + " v" + a.profileVersion())
                .orElse("—"), 90));
        table.setPlaceholder(new Label("No decisions in this range"));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, selected) -> showDetail(selected));
    }

    private void showDetail(ReviewCase selected) {
        long generation = ++detailGeneration;
        if (selected == null) {
            detail.clear("Select a decision");
            return;
        }
        detail.clear("Loading inspection " + selected.inspection().id().value() + "…");
        Task<ReviewDetail> task = new Task<>() {
            @Override
            protected ReviewDetail call() throws Exception {
                return ReviewDetail.load(store, selected);
            }
        };
        task.setOnSucceeded(e -> {
            if (generation == detailGeneration) {
                detail.show(task.getValue());
            }
        });
        task.setOnFailed(e -> {
            if (generation == detailGeneration) {
                detail.clear(message(task.getException()));
            }
        });
        start(task, "kensa-review-detail");
    }

    private static <T> TableColumn<ReviewCase, T> column(String title, Function<ReviewCase, T> value, double width) {
        TableColumn<ReviewCase, T> col = new TableColumn<>(title);
        col.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        col.setPrefWidth(width);
        return col;
    }

    private void showStatus(String text, boolean error) {
        status.setText(text);
        status.getStyleClass().remove("error-text");
        if (error) {
            status.getStyleClass().add("error-text");
        }
    }

    private static String message(Throwable t) {
        return t == null || t.getMessage() == null ? "Unexpected error; see the log." : t.getMessage();
    }

    private static void start(Task<?> task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private record Range(Instant from, Instant to) {}

    private record Loaded(List<ReviewCase> cases, boolean truncated) {}

    /** A filter choice: what the combo box shows and the value it stands for (empty = no filter). */
    record Choice(String label, Optional<String> value) {
        static final Choice ANY_CLASS = new Choice("All classes", Optional.empty());
        static final Choice ANY_OPERATOR = new Choice("All operators", Optional.empty());

        @Override
        public String toString() {
            return label;
        }
    }
}

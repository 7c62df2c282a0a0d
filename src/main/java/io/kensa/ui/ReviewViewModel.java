package io.kensa.ui;

import io.kensa.model.ReviewCase;
import io.kensa.model.ReviewedInspection;
import io.kensa.review.OverrideAnalytics;
import io.kensa.review.ReviewFilter;
import io.kensa.review.ReviewSummary;
import io.kensa.store.Exporter;
import io.kensa.store.InspectionStore;
import io.kensa.store.ReviewQueries;
import io.kensa.store.VerifyResult;
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
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;

/**
 * The supervisor's review without controls: the date range and filters, the standing decisions as rows (filtered
 * and sorted here), the summary ({@link OverrideAnalytics} → {@link ReviewSummary}), the selected inspection's
 * detail, audit verification and export. Every database and file call runs on {@code background}; every property
 * is written on {@code fx}. Nothing is loaded until {@link #refresh()} is called.
 */
public final class ReviewViewModel {
    /** Inspections loaded per refresh; the status line says when the range holds more. */
    static final int LIMIT = 10_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    /** A filter choice: what the combo box shows and the value it stands for (empty = no filter). */
    public record Choice(String label, Optional<String> value) {
        public static final Choice ANY_CLASS = new Choice("All classes", Optional.empty());
        public static final Choice ANY_OPERATOR = new Choice("All operators", Optional.empty());

        @Override
        public String toString() {
            return label;
        }
    }

    /** One table row: a standing decision and its cells as shown. */
    public record Row(ReviewCase reviewCase, String time, String station, String operator, String action,
                      String machine, String finalVerdict, String comment, double score, String profile) {
        static Row of(ReviewCase c, ZoneId zone) {
            return new Row(c, TIME.format(c.decision().decidedAt().atZone(zone)), c.decision().station(),
                    c.decision().operator().name(), c.decision().action().name().toLowerCase(Locale.ROOT),
                    c.machineClass() + c.machineSeverity().map(s -> " / " + s.wire()).orElse(""),
                    c.finalClass() + " / " + c.decision().severity().wire(), c.decision().comment(),
                    c.inspection().score(),
                    c.shown().map(a -> a.profileName() + " v" + a.profileVersion()).orElse("—"));
        }
    }

    /** The detail pane: a message (loading, nothing selected, an error) or the loaded detail. */
    public record DetailState(String message, Optional<ReviewDetail> detail) {}

    /** A result line: its text and whether it is good news, bad news or neither. */
    public enum Tone { NEUTRAL, OK, ERROR }

    private final InspectionStore store;
    private final ReviewQueries queries;
    private final ZoneId zone;
    private final Executor background;
    private final Executor fx;

    private final ObjectProperty<LocalDate> fromDate = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> toDate = new SimpleObjectProperty<>();
    private final BooleanProperty overridesOnly = new SimpleBooleanProperty(false);
    private final ObjectProperty<Choice> classFilter = new SimpleObjectProperty<>(Choice.ANY_CLASS);
    private final ObjectProperty<Choice> operatorFilter = new SimpleObjectProperty<>(Choice.ANY_OPERATOR);
    private final ObservableList<Choice> classChoices = FXCollections.observableArrayList(Choice.ANY_CLASS);
    private final ObservableList<Choice> operatorChoices = FXCollections.observableArrayList(Choice.ANY_OPERATOR);
    private final ObservableList<Row> filtered = FXCollections.observableArrayList();
    private final SortedList<Row> rows = new SortedList<>(filtered);
    private final ObjectProperty<Comparator<? super Row>> sortOrder = new SimpleObjectProperty<>();
    private final ObjectProperty<Row> selected = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<ReviewSummary> summary = new ReadOnlyObjectWrapper<>(
            OverrideAnalytics.summarise(List.of(), ZoneId.systemDefault(), 5));
    private final ReadOnlyObjectWrapper<DetailState> detail = new ReadOnlyObjectWrapper<>(
            new DetailState("Select a decision", Optional.empty()));
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Not loaded yet");
    private final ReadOnlyBooleanWrapper statusError = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper auditResult = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Tone> auditTone = new ReadOnlyObjectWrapper<>(Tone.NEUTRAL);
    private final ReadOnlyBooleanWrapper verifying = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper exportProgress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper exportMessage = new ReadOnlyStringWrapper("");

    private List<ReviewCase> loaded = List.of();
    private long loadGeneration;
    private long detailGeneration;
    private boolean choosing;
    private AtomicBoolean exportCancelled = new AtomicBoolean();

    /**
     * @param store  the station's store (only read here) or one from {@link InspectionStore#openForReading}
     * @param today  the last day of the initial range (the week up to it is shown)
     */
    public ReviewViewModel(InspectionStore store, ZoneId zone, LocalDate today, Executor background, Executor fx) {
        this.store = store;
        this.queries = new ReviewQueries(store);
        this.zone = zone;
        this.background = background;
        this.fx = fx;
        summary.set(OverrideAnalytics.summarise(List.of(), zone, 5));
        fromDate.set(today.minusDays(6));
        toDate.set(today);
        rows.comparatorProperty().bind(sortOrder);
        fromDate.addListener((o, a, b) -> refresh());
        toDate.addListener((o, a, b) -> refresh());
        overridesOnly.addListener((o, a, b) -> applyFilter());
        classFilter.addListener((o, a, b) -> applyFilterUnlessChoosing());
        operatorFilter.addListener((o, a, b) -> applyFilterUnlessChoosing());
        selected.addListener((o, a, b) -> loadDetail(b));
    }

    public ObjectProperty<LocalDate> fromDate() { return fromDate; }
    public ObjectProperty<LocalDate> toDate() { return toDate; }
    public BooleanProperty overridesOnly() { return overridesOnly; }
    public ObjectProperty<Choice> classFilter() { return classFilter; }
    public ObjectProperty<Choice> operatorFilter() { return operatorFilter; }
    public ObservableList<Choice> classChoices() { return FXCollections.unmodifiableObservableList(classChoices); }
    public ObservableList<Choice> operatorChoices() { return FXCollections.unmodifiableObservableList(operatorChoices); }
    /** The rows shown: the filtered standing decisions, newest first unless {@link #sortOrder()} says otherwise. */
    public SortedList<Row> rows() { return rows; }
    /** How the rows are sorted (a table binds its column comparator here); null = newest first. */
    public ObjectProperty<Comparator<? super Row>> sortOrder() { return sortOrder; }
    /** The selected row; its detail is loaded in the background. */
    public ObjectProperty<Row> selected() { return selected; }
    public ReadOnlyObjectProperty<ReviewSummary> summary() { return summary.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<DetailState> detail() { return detail.getReadOnlyProperty(); }
    public ReadOnlyStringProperty status() { return status.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty statusError() { return statusError.getReadOnlyProperty(); }
    public ReadOnlyStringProperty auditResult() { return auditResult.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Tone> auditTone() { return auditTone.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty verifying() { return verifying.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty exporting() { return exporting.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty exportProgress() { return exportProgress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty exportMessage() { return exportMessage.getReadOnlyProperty(); }

    public ZoneId zone() {
        return zone;
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
        background.execute(() -> {
            try {
                List<ReviewedInspection> inspections = queries.decidedBetween(from, to, LIMIT);
                List<ReviewCase> cases = inspections.stream().flatMap(i -> i.standing().stream())
                        .filter(c -> !c.decision().decidedAt().isBefore(from) && c.decision().decidedAt().isBefore(to))
                        .sorted(Comparator.comparing((ReviewCase c) -> c.decision().decidedAt())
                                .thenComparing(c -> c.decision().id().value()).reversed())
                        .toList();
                boolean truncated = inspections.size() >= LIMIT;
                fx.execute(() -> loaded(generation, cases, truncated));
            } catch (Exception e) {
                fx.execute(() -> {
                    if (generation == loadGeneration) {
                        showStatus(message(e), true);
                    }
                });
            }
        });
    }

    private void loaded(long generation, List<ReviewCase> cases, boolean truncated) {
        if (generation != loadGeneration) {
            return;
        }
        loaded = cases;
        updateChoices();
        applyFilter();
        if (truncated) {
            showStatus(status.get() + " — only the newest " + LIMIT
                    + " inspections were loaded; narrow the dates to see all.", false);
        }
    }

    /** The chosen days as {@code [start of from day, start of the day after to)}; empty (and said why) when invalid. */
    private Optional<Range> range() {
        if (fromDate.get() == null || toDate.get() == null) {
            showStatus("Choose both dates.", true);
            return Optional.empty();
        }
        Instant from = fromDate.get().atStartOfDay(zone).toInstant();
        Instant to = toDate.get().plusDays(1).atStartOfDay(zone).toInstant();
        if (!from.isBefore(to)) {
            showStatus("The start date " + fromDate.get() + " is after the end date " + toDate.get() + ".", true);
            return Optional.empty();
        }
        return Optional.of(new Range(from, to));
    }

    /** What the folder chooser asks. */
    public String exportTitle() {
        return "Export inspections captured " + fromDate.get() + " to " + toDate.get() + " into";
    }

    /**
     * Starts an export of the inspections captured in the date range into a new folder inside {@code parent};
     * false when the dates are invalid or an export is already running.
     */
    public boolean export(Path parent) {
        Optional<Range> range = range();
        if (range.isEmpty() || exporting.get()) {
            return false;
        }
        Exporter.Request request = new Exporter.Request(range.get().from(), range.get().to(),
                EnumSet.allOf(Exporter.Format.class), parent.resolve("kensa-export-" + fromDate.get() + "_"
                + toDate.get() + "-" + STAMP.format(LocalDateTime.now(zone))), true);
        AtomicBoolean cancelled = new AtomicBoolean();
        exportCancelled = cancelled;
        exporting.set(true);
        exportProgress.set(0);
        exportMessage.set("Exporting…");
        background.execute(() -> {
            try {
                Exporter.Summary s = new Exporter(store).export(request, (done, total) -> fx.execute(() -> {
                    exportProgress.set((double) done / Math.max(1, total));
                    exportMessage.set("Exporting " + done + " / " + total);
                }), cancelled::get);
                fx.execute(() -> {
                    exporting.set(false);
                    showStatus("Exported " + s.inspections() + " inspections, " + s.decisions() + " decisions and "
                            + s.images() + " images to " + s.folder()
                            + s.imageWarning().map(w -> ". Warning: " + w).orElse(""), s.imageWarning().isPresent());
                });
            } catch (CancellationException c) {
                fx.execute(() -> {
                    exporting.set(false);
                    showStatus(cancelled.get() ? "Export cancelled; nothing was kept."
                            : "Export cancelled: " + c.getMessage(), false);
                });
            } catch (Exception e) {
                fx.execute(() -> {
                    exporting.set(false);
                    showStatus("Export failed: " + message(e), true);
                });
            }
        });
        return true;
    }

    /** Asks the running export to stop; it removes what it wrote (no interrupt: H2 would close its file). */
    public void cancelExport() {
        exportCancelled.set(true);
        if (exporting.get()) {
            exportMessage.set("Cancelling…");
        }
    }

    /** Checks the audit hash chain in the background and shows OK with the count, or the first broken link. */
    public void verifyAuditTrail() {
        verifying.set(true);
        auditTone.set(Tone.NEUTRAL);
        auditResult.set("Verifying the audit trail…");
        background.execute(() -> {
            try {
                VerifyResult r = store.auditTrail().verify();
                fx.execute(() -> verified(r));
            } catch (Exception e) {
                fx.execute(() -> {
                    verifying.set(false);
                    auditResult.set(message(e));
                    auditTone.set(Tone.ERROR);
                });
            }
        });
    }

    private void verified(VerifyResult r) {
        verifying.set(false);
        if (r.ok()) {
            // the head, to note outside the database (kensa audit verify --expect takes it back)
            auditResult.set("Audit trail OK: " + r.checkedCount() + " events verified; head " + r.head());
            auditTone.set(Tone.OK);
        } else {
            auditResult.set("Audit trail BROKEN" + r.firstBrokenEventId().map(id -> " at event " + id).orElse("")
                    + ": " + r.reason() + " (" + r.checkedCount() + " events checked before it)");
            auditTone.set(Tone.ERROR);
        }
    }

    private void applyFilterUnlessChoosing() {
        if (!choosing) {
            applyFilter();
        }
    }

    private void applyFilter() {
        ReviewFilter f = new ReviewFilter(value(operatorFilter.get()), value(classFilter.get()), overridesOnly.get());
        List<Row> shown = loaded.stream().filter(f::matches).map(c -> Row.of(c, zone)).toList();
        List<ReviewCase> forSummary = loaded.stream().filter(f::matchesForSummary).toList();
        Row before = selected.get();
        Optional<Row> again = before == null ? Optional.empty()
                : shown.stream().filter(r -> r.reviewCase().equals(before.reviewCase())).findFirst();
        filtered.setAll(shown);
        if (again.isEmpty()) {
            selected.set(null);
        } else if (!again.get().equals(before)) {
            selected.set(again.get());
        }
        summary.set(OverrideAnalytics.summarise(forSummary, zone, 5));
        showStatus(shown.size() + " of " + loaded.size() + " standing decisions shown"
                + (f.overridesOnly() ? " (overrides only; the summary counts accepts too)" : ""), false);
    }

    private static Optional<String> value(Choice c) {
        return c == null ? Optional.empty() : c.value();
    }

    private void updateChoices() {
        choosing = true;
        try {
            Choice cls = classFilter.get();
            Choice op = operatorFilter.get();
            TreeSet<String> classes = new TreeSet<>();
            TreeMap<String, String> operators = new TreeMap<>();
            for (ReviewCase c : loaded) {
                classes.add(c.machineClass());
                classes.add(c.finalClass());
                operators.putIfAbsent(c.decision().operator().id(),
                        c.decision().operator().name() + " (" + c.decision().operator().id() + ")");
            }
            classChoices.setAll(Choice.ANY_CLASS);
            classes.forEach(k -> classChoices.add(new Choice(k, Optional.of(k))));
            operatorChoices.setAll(Choice.ANY_OPERATOR);
            operators.forEach((id, label) -> operatorChoices.add(new Choice(label, Optional.of(id))));
            classFilter.set(classChoices.contains(cls) ? cls : Choice.ANY_CLASS);
            operatorFilter.set(operatorChoices.contains(op) ? op : Choice.ANY_OPERATOR);
        } finally {
            choosing = false;
        }
    }

    private void loadDetail(Row row) {
        long generation = ++detailGeneration;
        if (row == null) {
            detail.set(new DetailState("Select a decision", Optional.empty()));
            return;
        }
        ReviewCase c = row.reviewCase();
        detail.set(new DetailState("Loading inspection " + c.inspection().id().value() + "…", Optional.empty()));
        background.execute(() -> {
            DetailState state;
            try {
                ReviewDetail d = ReviewDetail.load(store, c);
                state = new DetailState("", Optional.of(d));
            } catch (Exception e) {
                state = new DetailState(message(e), Optional.empty());
            }
            DetailState done = state;
            fx.execute(() -> {
                if (generation == detailGeneration) {
                    detail.set(done);
                }
            });
        });
    }

    private void showStatus(String text, boolean error) {
        status.set(text);
        statusError.set(error);
    }

    private static String message(Throwable t) {
        return t == null || t.getMessage() == null ? "Unexpected error; see the log." : t.getMessage();
    }

    private record Range(Instant from, Instant to) {}
}

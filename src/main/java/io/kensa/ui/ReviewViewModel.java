package io.kensa.ui;

import io.kensa.model.Operator;
import io.kensa.model.ReviewCase;
import io.kensa.review.ExplanationWords;
import io.kensa.review.OverrideAnalytics;
import io.kensa.review.ReviewFilter;
import io.kensa.review.ReviewReport;
import io.kensa.review.ReviewSummary;
import io.kensa.review.ShiftReport;
import io.kensa.review.Shifts;
import io.kensa.store.Exporter;
import io.kensa.store.InspectionStore;
import io.kensa.store.ReviewQueries;
import io.kensa.store.VerifyResult;
import io.kensa.util.Csv;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
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
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.kensa.model.Permission;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The supervisor's review without controls: the date range and filters, the standing decisions as rows (filtered
 * and sorted here), the summary ({@link OverrideAnalytics}), the selected inspection's detail, audit verification
 * and export. Every database and file call runs on {@code background}; every property is written on {@code fx}
 * (commands are called there too). Nothing is loaded until {@link #refresh()} is called.
 */
public final class ReviewViewModel {
    static final String NOTHING_SELECTED = "Select a decision";
    private static final Logger LOG = LoggerFactory.getLogger(ReviewViewModel.class);
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

    /** A result line's tone: good news, bad news or neither. */
    public enum Tone { NEUTRAL, OK, ERROR }

    private final InspectionStore store;
    private final ReviewQueries queries;
    private final Path exportsFolder;
    private final ZoneId zone;
    private final int firstPage;
    private final Executor background;
    private final Executor fx;

    private final ObjectProperty<LocalDate> fromDate = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> toDate = new SimpleObjectProperty<>();
    private final BooleanProperty overridesOnly = new SimpleBooleanProperty(false);
    private final ObjectProperty<Choice> classFilter = new SimpleObjectProperty<>(Choice.ANY_CLASS);
    private final ObjectProperty<Choice> operatorFilter = new SimpleObjectProperty<>(Choice.ANY_OPERATOR);
    private final ObservableList<Choice> classChoices = FXCollections.observableArrayList(Choice.ANY_CLASS);
    private final ObservableList<Choice> operatorChoices = FXCollections.observableArrayList(Choice.ANY_OPERATOR);
    private final ObservableList<ReviewRow> filtered = FXCollections.observableArrayList();
    private final SortedList<ReviewRow> rows = new SortedList<>(filtered);
    private final ObjectProperty<ReviewRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<ReviewSummary> summary = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ReviewReport> report = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ReviewDetailText> detail =
            new ReadOnlyObjectWrapper<>(ReviewDetailText.message(NOTHING_SELECTED));
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Not loaded yet");
    private final ReadOnlyBooleanWrapper statusError = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper auditResult = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Tone> auditTone = new ReadOnlyObjectWrapper<>(Tone.NEUTRAL);
    private final ReadOnlyBooleanWrapper verifying = new ReadOnlyBooleanWrapper(false);
    /** The summary and charts are of what is shown: the whole range read and counted under the current filters. */
    private final ReadOnlyBooleanWrapper counted = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper exportProgress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper exportMessage = new ReadOnlyStringWrapper("");

    private List<ReviewRow> loaded = List.of();
    /** {@link #loaded} is every standing decision of the range, not only its first page */
    private boolean wholeRange;
    private Optional<Path> exportStart = Optional.empty();
    private long loadGeneration;
    private long detailGeneration;
    private long reportGeneration;
    private boolean choosing;
    private AtomicBoolean exportCancelled = new AtomicBoolean();
    private final Supplier<Operator> viewer;
    /** asks the supervisor to sign when they close a review */
    private final SignatureViewModel signatures;

    /**
     * @param store          the station's store (only read here) or one from {@link InspectionStore#openForReading}
     * @param exportsFolder  where the export folder chooser starts (when it exists)
     * @param today          the last day of the initial range (the week up to it is shown)
     * @param viewer         who is signed in now (the exporter checks they may export)
     * @param signatures     asks for the password when a review is closed
     */
    public ReviewViewModel(InspectionStore store, Path exportsFolder, ZoneId zone, LocalDate today,
                           Supplier<Operator> viewer, SignatureViewModel signatures, Executor background, Executor fx) {
        this(store, exportsFolder, zone, today, viewer, signatures, ReviewQueries.FIRST_PAGE, background, fx);
    }

    /** As above, showing the newest {@code firstPage} rows before the whole range is read. */
    ReviewViewModel(InspectionStore store, Path exportsFolder, ZoneId zone, LocalDate today, Supplier<Operator> viewer,
                    SignatureViewModel signatures, int firstPage, Executor background, Executor fx) {
        this.store = store;
        this.firstPage = firstPage;
        this.viewer = viewer;
        this.signatures = signatures;
        this.queries = new ReviewQueries(store);
        this.exportsFolder = exportsFolder;
        this.zone = zone;
        this.background = background;
        this.fx = fx;
        summary.set(OverrideAnalytics.summarise(List.of(), zone, 5));
        report.set(ReviewReport.of(List.of(), zone, Shifts.THREE_EIGHT_HOUR));
        fromDate.set(today.minusDays(6));
        toDate.set(today);
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
    /** "All classes", then every machine or final class in the loaded decisions, sorted. */
    public ObservableList<Choice> classChoices() { return FXCollections.unmodifiableObservableList(classChoices); }
    /** "All operators", then every operator in the loaded decisions, by id. */
    public ObservableList<Choice> operatorChoices() { return FXCollections.unmodifiableObservableList(operatorChoices); }
    /** The rows shown: the filtered standing decisions, newest first unless {@link #sortBy} said otherwise. */
    public ObservableList<ReviewRow> rows() { return FXCollections.unmodifiableObservableList(rows); }
    /** The selected row (null for none); its detail is loaded in the background. */
    public ObjectProperty<ReviewRow> selected() { return selected; }
    public ReadOnlyObjectProperty<ReviewSummary> summary() { return summary.getReadOnlyProperty(); }

    /** The charts' figures over what the summary counts, computed on the background executor (as the summary is). */
    public ReadOnlyObjectProperty<ReviewReport> report() { return report.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ReviewDetailText> detail() { return detail.getReadOnlyProperty(); }
    public ReadOnlyStringProperty status() { return status.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty counted() { return counted.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty statusError() { return statusError.getReadOnlyProperty(); }
    public ReadOnlyStringProperty auditResult() { return auditResult.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Tone> auditTone() { return auditTone.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty verifying() { return verifying.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty exporting() { return exporting.getReadOnlyProperty(); }
    /** The running export's share done, -1 until it knows how much there is. */
    public ReadOnlyDoubleProperty exportProgress() { return exportProgress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty exportMessage() { return exportMessage.getReadOnlyProperty(); }

    /** Sorts the rows by these keys, the first one first; no keys = newest first. */
    public void sortBy(List<ReviewRow.Sort> keys) {
        Comparator<ReviewRow> order = null;
        for (ReviewRow.Sort k : keys) {
            Comparator<ReviewRow> one = k.column().order(k.ascending());
            order = order == null ? one : order.thenComparing(one);
        }
        rows.setComparator(order);
    }

    /** Reloads the decisions in the date range (call when the view is shown, and after decisions were made). */
    public void refresh() {
        Optional<Range> range = range();
        if (range.isEmpty()) {
            return;
        }
        long generation = ++loadGeneration;
        counted.set(false);
        showStatus("Loading decisions…", false);
        background.execute(() -> {
            try {
                // the newest rows first, from the index, so the table fills at once; then the whole range for the figures
                Loaded first = load(range.get(), firstPage);
                boolean more = first.rows().size() == firstPage;
                fx.execute(() -> loaded(generation, first, !more));
                if (more) {
                    Loaded all = load(range.get(), Integer.MAX_VALUE);
                    fx.execute(() -> loaded(generation, all, true));
                }
            } catch (Exception e) {
                LOG.warn("Review query failed", e);
                fx.execute(() -> {
                    if (generation == loadGeneration) {
                        showStatus(message(e), true);
                    }
                });
            }
        });
    }

    /** On {@code background}: the newest {@code limit} standing decisions made in the range, formatted as rows. */
    private Loaded load(Range r, int limit) throws Exception {
        List<ReviewRow> cases = queries.standingDecidedBetween(r.from(), r.to(), Optional.empty(), limit).stream()
                .map(c -> ReviewRow.of(c, zone))
                .toList();
        Optional<Path> start = Files.isDirectory(exportsFolder) ? Optional.of(exportsFolder) : Optional.empty();
        return new Loaded(cases, start);
    }

    private void loaded(long generation, Loaded result, boolean whole) {
        if (generation != loadGeneration) {
            return;
        }
        loaded = result.rows();
        wholeRange = whole;
        exportStart = result.exportStart();
        updateChoices();
        applyFilter();
    }

    /**
     * Closes the review of what is shown: the supervisor signs with their password (meaning "reviewed") that they
     * reviewed the decisions the summary counts. The signature, an audit event, names the days, the filters and the
     * counts; only a role that may review can sign it.
     */
    public void closeReview() {
        if (range().isEmpty() || !countedOrSay("close the review")) {
            return;
        }
        ReviewSummary shown = summary.get();
        String filters = Stream.of(classFilter.get(), operatorFilter.get()).filter(c -> c.value().isPresent())
                .map(Choice::label).collect(Collectors.joining(", "));
        String what = String.format(Locale.ROOT, "review of %s to %s%s: %d decided, %d overridden", fromDate.get(),
                toDate.get(), filters.isEmpty() ? "" : " (" + filters + ")", shown.decided(), shown.overrides());
        signatures.ask("reviewed", "close the " + what, signer -> {
            Permission.REVIEW.require(signer);
            return what;
        }, subject -> subject, subject -> showStatus("Review closed and signed: " + subject + ".", false),
                problem -> showStatus(problem, true));
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

    /** Where the folder chooser starts: the exports folder, when it existed at the last refresh. */
    public Optional<Path> exportStart() {
        return exportStart;
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
        exportProgress.set(-1);
        exportMessage.set("");
        background.execute(() -> runExport(request, cancelled));
        return true;
    }

    /** On {@code background}: the export, its progress handed to fx through a latest-value slot. */
    private void runExport(Exporter.Request request, AtomicBoolean cancelled) {
        AtomicReference<long[]> latest = new AtomicReference<>();
        Exporter.Progress progress = (done, total) -> {
            if (latest.getAndSet(new long[] {done, total}) == null) {
                fx.execute(() -> {
                    long[] p = latest.getAndSet(null);
                    if (!cancelled.get()) {
                        exportProgress.set((double) p[0] / Math.max(1, p[1]));
                        exportMessage.set("Exporting " + p[0] + " / " + p[1]);
                    }
                });
            }
        };
        fx.execute(() -> {
            if (!cancelled.get()) {
                exportMessage.set("Exporting…");
            }
        });
        try {
            Exporter.Summary s = new Exporter(store).export(viewer.get(), request, progress, cancelled::get);
            fx.execute(() -> exported(s));
        } catch (CancellationException c) {
            fx.execute(() -> endExport(cancelled.get() ? "Export cancelled; nothing was kept."
                    : "Export cancelled: " + c.getMessage(), false));
        } catch (Exception e) {
            LOG.warn("Export failed", e);
            fx.execute(() -> endExport("Export failed: " + message(e), true));
        }
    }

    private void exported(Exporter.Summary s) {
        endExport("Exported " + s.inspections() + " inspections, " + s.decisions() + " decisions and " + s.images()
                + " images to " + s.folder() + s.imageWarning().map(w -> ". Warning: " + w).orElse(""),
                s.imageWarning().isPresent());
    }

    private void endExport(String text, boolean error) {
        exporting.set(false);
        showStatus(text, error);
    }

    /** Asks the running export to stop; it removes what it wrote (no interrupt: H2 would close its file). */
    public void cancelExport() {
        if (exporting.get()) {
            exportCancelled.set(true);
            exportMessage.set("Cancelling…");
        }
    }

    /** Checks the audit hash chain in the background and shows OK with the count, or the first broken link. */
    public void verifyAuditTrail() {
        if (verifying.get()) {
            return;
        }
        verifying.set(true);
        auditTone.set(Tone.NEUTRAL);
        auditResult.set("Verifying the audit trail…");
        background.execute(() -> {
            try {
                VerifyResult r = store.auditTrail().verify();
                fx.execute(() -> verified(r));
            } catch (Exception e) {
                LOG.warn("Audit verification failed", e);
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
        List<ReviewRow> shown = loaded.stream().filter(r -> f.matches(r.reviewCase())).toList();
        List<ReviewCase> forSummary = loaded.stream().map(ReviewRow::reviewCase).filter(f::matchesForSummary).toList();
        ReviewRow before = selected.get();
        filtered.setAll(shown);
        // a table clears its selection when its rows are replaced; the row that is still shown stays selected
        selected.set(before != null && shown.contains(before) ? before : null);
        long generation = ++reportGeneration;
        counted.set(false);
        if (!wholeRange) {
            showStatus("The newest " + loaded.size() + " standing decisions; reading the rest of the range to count "
                    + "them…", false);
            return;
        }
        // off the FX thread: a whole range (100,000 decisions) takes a few hundred ms to count
        background.execute(() -> {
            ReviewReport figures = ReviewReport.of(forSummary, zone, Shifts.THREE_EIGHT_HOUR);
            ReviewSummary summarised = figures.summary().withTopComments(5);
            fx.execute(() -> {
                if (generation == reportGeneration) {
                    summary.set(summarised);
                    report.set(figures);
                    counted.set(true);
                }
            });
        });
        showStatus(shown.size() + " of " + loaded.size() + " standing decisions shown"
                + (f.overridesOnly() ? " (overrides only; the summary counts accepts too)" : ""), false);
    }

    private static Optional<String> value(Choice c) {
        return c == null ? Optional.empty() : c.value();
    }

    /** Offers the classes and operators of the loaded decisions, keeping a choice that is still offered. */
    private void updateChoices() {
        choosing = true;
        try {
            Choice cls = classFilter.get();
            Choice op = operatorFilter.get();
            TreeSet<String> classes = new TreeSet<>();
            TreeMap<String, String> operators = new TreeMap<>();
            for (ReviewRow r : loaded) {
                ReviewCase c = r.reviewCase();
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

    /**
     * Writes the one-page shift report of what is shown (figures, the charts as drawn, the words the explanations rely
     * on) to {@code file}, on the background executor; the status line says where it went or why it did not.
     *
     * @param charts the charts as the view drew them, titled
     */
    public void saveShiftReport(Path file, List<TitledImage> charts) {
        if (!countedOrSay("write the shift report")) {
            return;
        }
        ReviewReport figures = report.get();
        String heading = "Kensa shift report " + fromDate.get() + " .. " + toDate.get() + filterText();
        List<ReviewCase> shown = filtered.stream().map(ReviewRow::reviewCase).toList();
        showStatus("Writing the shift report…", false);
        background.execute(() -> {
            try {
                List<ShiftReport.Chart> pngs = new ArrayList<>();
                for (TitledImage c : charts) {
                    ByteArrayOutputStream png = new ByteArrayOutputStream();
                    ImageIO.write(c.image(), "png", png);
                    pngs.add(new ShiftReport.Chart(c.title(), png.toByteArray()));
                }
                String html = ShiftReport.html(heading, "Written " + java.time.ZonedDateTime.now(zone).withNano(0)
                        + " by Kensa from " + store.database().describe(), figures, ExplanationWords.ofDecisions(shown, queries::explanationTexts, 8), pngs);
                Files.writeString(file, html, StandardCharsets.UTF_8);
                fx.execute(() -> showStatus("Shift report saved: " + file, false));
            } catch (Exception e) {
                LOG.warn("Shift report not written", e);
                fx.execute(() -> showStatus("Shift report not saved to " + file + ": " + message(e), true));
            }
        });
    }

    /**
     * Writes what is shown into {@code folder}: the table's rows in its order as {@code review-view.csv} and each
     * chart as drawn as {@code chart-N-title.png}, on the background executor; the status line says where.
     */
    public void saveView(Path folder, List<TitledImage> charts) {
        if (!countedOrSay("save the view")) {
            return;
        }
        List<ReviewRow> shown = List.copyOf(rows);
        showStatus("Saving the view…", false);
        background.execute(() -> {
            try {
                Files.createDirectories(folder);
                StringBuilder csv = new StringBuilder(Csv.line(List.of("decided_at", "station", "operator", "operator_id",
                        "action", "machine", "final", "comment", "score", "threshold", "recipe", "prompt_profile")));
                for (ReviewRow r : shown) {
                    ReviewCase c = r.reviewCase();
                    csv.append(Csv.line(List.of(c.decision().decidedAt().toString(), r.station(), r.operator(),
                            c.decision().operator().id(), r.action(), r.machine(), r.finalVerdict(), r.comment(),
                            r.score(), c.inspection().threshold(),
                            c.inspection().recipeName() + " v" + c.inspection().recipeVersion(), r.profile())));
                }
                Files.writeString(folder.resolve("review-view.csv"), csv, StandardCharsets.UTF_8);
                for (int i = 0; i < charts.size(); i++) {
                    String name = String.format(Locale.ROOT, "chart-%d-%s.png", i + 1, charts.get(i).title()
                            .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", ""));
                    ImageIO.write(charts.get(i).image(), "png", folder.resolve(name).toFile());
                }
                fx.execute(() -> showStatus("View saved to " + folder + ": " + shown.size() + " rows as CSV, "
                        + charts.size() + " charts as PNG", false));
            } catch (Exception e) {
                LOG.warn("View not saved", e);
                fx.execute(() -> showStatus("View not saved to " + folder + ": " + message(e), true));
            }
        });
    }

    /** A chart as drawn. */
    public record TitledImage(String title, BufferedImage image) {}

    private String filterText() {
        ReviewFilter f = new ReviewFilter(value(operatorFilter.get()), value(classFilter.get()), overridesOnly.get());
        return f.operatorId().map(o -> ", operator " + o).orElse("") + f.anomalyClass().map(k -> ", class " + k).orElse("");
    }

    private void loadDetail(ReviewRow row) {
        long generation = ++detailGeneration;
        if (row == null) {
            detail.set(ReviewDetailText.message(NOTHING_SELECTED));
            return;
        }
        ReviewCase c = row.reviewCase();
        detail.set(ReviewDetailText.message("Loading inspection " + c.inspection().id().value() + "…"));
        background.execute(() -> {
            ReviewDetailText text;
            try {
                text = ReviewDetailText.of(ReviewDetail.load(store, c), zone);
            } catch (Exception e) {
                LOG.warn("Review detail of inspection {} failed", c.inspection().id().value(), e);
                text = ReviewDetailText.message(message(e));
            }
            ReviewDetailText done = text;
            fx.execute(() -> {
                if (generation == detailGeneration) {
                    detail.set(done);
                }
            });
        });
    }

    /** Whether the figures are of what is shown; when not, the status line says to wait before {@code doing} it. */
    private boolean countedOrSay(String doing) {
        if (!counted.get()) {
            showStatus("The figures are still being counted; " + doing + " once they are shown.", true);
        }
        return counted.get();
    }

    private void showStatus(String text, boolean error) {
        status.set(text);
        statusError.set(error);
    }

    private static String message(Throwable t) {
        return t == null || t.getMessage() == null ? "Unexpected error; see the log." : t.getMessage();
    }

    private record Range(Instant from, Instant to) {}

    private record Loaded(List<ReviewRow> rows, Optional<Path> exportStart) {}
}

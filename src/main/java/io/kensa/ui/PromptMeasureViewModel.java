package io.kensa.ui;

import io.kensa.detect.Progress;
import io.kensa.inspect.AnswerCache;
import io.kensa.inspect.LabelledSet;
import io.kensa.inspect.LogSamples;
import io.kensa.inspect.PromptAblation;
import io.kensa.inspect.PromptComparison;
import io.kensa.inspect.PromptEvaluation;
import io.kensa.inspect.PromptEvaluationException;
import io.kensa.inspect.PromptWorkbench;
import io.kensa.llm.Explainer;
import io.kensa.llm.ProfileDocument;
import io.kensa.llm.PromptPart;
import io.kensa.recipe.RecipeException;
import io.kensa.store.InspectionStore;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Prompts screen's Ablation and Versions tabs: the draft measured whole and without each chosen prompt part
 * (table, per-class figures, confusion matrix), and two stored versions compared on the same labelled set (deltas,
 * images whose answer changed). The set is a labelled folder or the decision log ({@link LabelledSet}); for the log,
 * how many decisions the filter selects is counted as soon as the filter changes, before anything is sent. One
 * measurement at a time, on the background executor, cancellable; answers are kept in the data folder's
 * {@link AnswerCache}, so a cancelled run resumes where it stopped.
 */
public final class PromptMeasureViewModel implements AutoCloseable {
    /** One row of the ablation table; {@code delta} is the change in macro accuracy, blank for the whole profile. */
    public record PartRow(String prompt, String macroAccuracy, String delta, String macroF1, String kappa,
                          String threeClassAccuracy, int unanswered) {}

    /** One figure of a comparison. */
    public record FigureRow(String figure, String before, String after, String delta) {}

    /** Where the labelled images come from. */
    public enum Source {
        FOLDER("labelled folder"), LOG("decision log");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final PromptWorkbench workbench;
    private final Supplier<ProfileDocument> draft;
    private final Supplier<Explainer> explainer;
    private final AnswerCache answers;
    private final Optional<InspectionStore> log;
    private final ZoneId zone;
    private final Executor background;
    private final Executor fx;

    private final ObjectProperty<Source> source = new SimpleObjectProperty<>(Source.FOLDER);
    private final ObjectProperty<Path> dataFolder = new SimpleObjectProperty<>();
    private final StringProperty logRecipe = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> logFrom = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> logTo = new SimpleObjectProperty<>();
    private final StringProperty logClass = new SimpleStringProperty("");
    private final StringProperty logCount = new SimpleStringProperty("");
    private final BooleanProperty includeGood = new SimpleBooleanProperty(false);
    private final Map<PromptPart, BooleanProperty> leaveOut = new EnumMap<>(PromptPart.class);
    private final StringProperty firstVersion = new SimpleStringProperty("");
    private final StringProperty secondVersion = new SimpleStringProperty("");
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty state = new SimpleStringProperty("Choose a labelled folder (MVTec layout), then Measure.");
    private final ObservableList<PartRow> parts = FXCollections.observableArrayList();
    private final ObservableList<PromptEvaluation.ClassScore> classes = FXCollections.observableArrayList();
    private final StringProperty confusion = new SimpleStringProperty("");
    private final ObservableList<FigureRow> deltas = FXCollections.observableArrayList();
    private final ObservableList<PromptComparison.Change> changed = FXCollections.observableArrayList();
    private Optional<AtomicBoolean> current = Optional.empty();
    /** The newest count of the log's decisions; an older one that finishes later is not shown. */
    private long countRun;

    /**
     * @param draft      the profile being edited, asked when a measurement starts
     * @param explainer  the station's explainer, borrowed (not closed here)
     * @param log        the decision log, a labelled set of its own; empty when the station has none
     * @param zone       where the log filter's days start and end (the station's time zone)
     * @param fx         runs property changes on the FX thread (tests: the calling thread)
     */
    public PromptMeasureViewModel(PromptWorkbench workbench, Supplier<ProfileDocument> draft, Supplier<Explainer> explainer,
                                  AnswerCache answers, Optional<InspectionStore> log, ZoneId zone, Executor background,
                                  Executor fx) {
        this.workbench = workbench;
        this.draft = draft;
        this.explainer = explainer;
        this.answers = answers;
        this.log = log;
        this.zone = zone;
        this.background = background;
        this.fx = fx;
        for (PromptPart p : PromptPart.values()) {
            leaveOut.put(p, new SimpleBooleanProperty(true));
        }
        workbench.demoSet().ifPresent(dataFolder::set);
        for (Observable filter : List.of(source, logRecipe, logFrom, logTo, logClass)) {
            filter.addListener(o -> countLog());
        }
    }

    /** Measures the draft whole and without each part ticked in {@link #leaveOut}. */
    public void measure() {
        List<PromptPart> chosen = new ArrayList<>();
        leaveOut.forEach((part, on) -> {
            if (on.get()) {
                chosen.add(part);
            }
        });
        ProfileDocument profile = draft.get();
        start((set, cancelled) -> {
            PromptAblation a = workbench.ablate(explainer.get(), profile, set, chosen, answers, progress(cancelled),
                    cancelled::get);
            return () -> ablated(a);
        });
    }

    /** Runs the two stored versions named in {@link #firstVersion} and {@link #secondVersion} on the labelled set. */
    public void compare() {
        int first;
        int second;
        try {
            first = Integer.parseInt(firstVersion.get().strip());
            second = Integer.parseInt(secondVersion.get().strip());
        } catch (NumberFormatException e) {
            state.set("Enter two stored version numbers to compare, e.g. 1 and 2.");
            return;
        }
        String name = draft.get().name();
        start((set, cancelled) -> {
            PromptComparison c = workbench.compare(explainer.get(), name, first, second, set, answers,
                    progress(cancelled), cancelled::get);
            return () -> compared(c);
        });
    }

    /** Stops the running measurement after the image being explained; its answers so far stay cached. */
    public void cancel() {
        current.ifPresent(c -> c.set(true));
    }

    /**
     * Counts, in the background, the decisions the log filter selects and why some are left out (shown in
     * {@link #logCount}); called whenever the source or the filter changes.
     */
    public void countLog() {
        if (source.get() != Source.LOG) {
            return;
        }
        Optional<SetChoice<LabelledSet.Log>> choice = logChoice(logCount);
        if (choice.isEmpty()) {
            return;
        }
        long run = ++countRun;
        logCount.set("Counting the decisions …");
        ProfileDocument profile = draft.get();
        ScreenWork.execute(background, () -> {
            String text;
            try {
                text = choice.get().set().read(profile.profile()).summary() + ".";
            } catch (PromptEvaluationException e) {
                text = e.getMessage(); // no usable decision: says what the filter found and what to change
            } catch (Exception e) {
                text = "The decision log was not read: " + ScreenWork.describe(e);
            }
            String counted = text;
            ScreenWork.execute(fx, () -> {
                if (run == countRun) {
                    logCount.set(counted);
                }
            });
        });
    }

    private interface Work {
        /** Runs in the background on the chosen set and returns the change to show on the FX thread. */
        Runnable run(LabelledSet set, AtomicBoolean cancelled) throws Exception;
    }

    /** The labelled set as chosen on the FX thread, made in the background (the log's default recipe is read from disk). */
    private interface SetChoice<T extends LabelledSet> {
        T set() throws RecipeException;
    }

    private void start(Work work) {
        if (current.isPresent()) {
            state.set("A measurement is already running; cancel it first.");
            return;
        }
        Optional<? extends SetChoice<?>> choice = source.get() == Source.LOG ? logChoice(state) : folderChoice();
        if (choice.isEmpty()) {
            return;
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        current = Optional.of(cancelled);
        running.set(true);
        progress.set(-1);
        state.set("Starting …");
        ScreenWork.execute(background, () -> {
            try {
                Runnable show = work.run(choice.get().set(), cancelled);
                ScreenWork.execute(fx, () -> finish(cancelled, 1, "", show));
            } catch (CancellationException e) {
                ScreenWork.execute(fx, () -> finish(cancelled, 0, "Cancelled; the answers so far are kept, Measure again resumes.",
                        () -> { }));
            } catch (Exception e) {
                ScreenWork.execute(fx, () -> finish(cancelled, 0, "Measurement failed: " + ScreenWork.describe(e), () -> { }));
            }
        });
    }

    private Optional<SetChoice<LabelledSet.Folder>> folderChoice() {
        Path folder = dataFolder.get();
        if (folder == null) {
            state.set("Choose a labelled folder (MVTec layout: test/<class>/ and ground_truth/<class>/) first.");
            return Optional.empty();
        }
        boolean withGood = includeGood.get();
        return Optional.of(() -> new LabelledSet.Folder(folder, withGood));
    }

    /** The log with the filter's fields, or empty with the reason in {@code problem}. */
    private Optional<SetChoice<LabelledSet.Log>> logChoice(StringProperty problem) {
        if (log.isEmpty()) {
            problem.set("This station has no decision log to measure on; choose a labelled folder instead.");
            return Optional.empty();
        }
        LogSamples.Filter filter;
        try {
            filter = LogSamples.Filter.days(text(logRecipe), Optional.ofNullable(logFrom.get()),
                    Optional.ofNullable(logTo.get()), text(logClass), zone);
        } catch (IllegalArgumentException e) {
            problem.set(e.getMessage());
            return Optional.empty();
        }
        InspectionStore store = log.get();
        return Optional.of(() -> new LabelledSet.Log(store, filter, workbench.recipeName()));
    }

    private static Optional<String> text(StringProperty field) {
        return Optional.of(field.get().strip()).filter(t -> !t.isEmpty());
    }

    private Progress progress(AtomicBoolean run) {
        return (fraction, text) -> ScreenWork.execute(fx, () -> {
            if (current.filter(r -> r == run).isPresent()) {
                progress.set(fraction);
                state.set(text);
            }
        });
    }

    private void finish(AtomicBoolean run, double at, String text, Runnable show) {
        if (current.filter(r -> r == run).isEmpty()) {
            return;
        }
        current = Optional.empty();
        running.set(false);
        progress.set(at);
        show.run();
        if (!text.isEmpty()) {
            state.set(text);
        }
    }

    private void ablated(PromptAblation a) {
        PromptEvaluation.Report full = a.full();
        List<PartRow> rows = new ArrayList<>();
        rows.add(row("full profile", full, ""));
        a.without().forEach((part, r) -> rows.add(row("without " + part.name() + " (" + part.label() + ")", r,
                String.format(Locale.ROOT, "%+.4f", r.macroAccuracy() - full.macroAccuracy()))));
        parts.setAll(rows);
        classes.setAll(full.classes());
        confusion.set(full.confusion().toText());
        state.set(String.format(Locale.ROOT, "Measured %s v%d on %d images, %d runs (%d answers from the cache)",
                full.profileName(), full.profileVersion(), full.images(), rows.size(),
                full.cacheHits() + a.without().values().stream().mapToInt(PromptEvaluation.Report::cacheHits).sum()));
    }

    private static PartRow row(String name, PromptEvaluation.Report r, String delta) {
        return new PartRow(name, number(r.macroAccuracy()), delta, number(r.macroF1()), kappa(r.kappa()),
                number(r.threeClassAccuracy()), r.invalidAnswers() + r.failures());
    }

    private void compared(PromptComparison c) {
        PromptEvaluation.Report b = c.before();
        PromptEvaluation.Report a = c.after();
        deltas.setAll(List.of(
                figure("macro accuracy", b.macroAccuracy(), a.macroAccuracy()),
                figure("macro F1", b.macroF1(), a.macroF1()),
                new FigureRow("Cohen's kappa", kappa(b.kappa()), kappa(a.kappa()), c.kappaDelta().isEmpty() ? "n/a"
                        : String.format(Locale.ROOT, "%+.4f", c.kappaDelta().getAsDouble())),
                figure("3-class accuracy", b.threeClassAccuracy(), a.threeClassAccuracy()),
                figure("accuracy", b.accuracy(), a.accuracy())));
        changed.setAll(c.changed());
        state.set(String.format(Locale.ROOT, "Compared v%d and v%d on %d images: %d answers changed", b.profileVersion(),
                a.profileVersion(), b.images(), c.changed().size()));
    }

    private static FigureRow figure(String name, double before, double after) {
        return new FigureRow(name, number(before), number(after), String.format(Locale.ROOT, "%+.4f", after - before));
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String kappa(OptionalDouble k) {
        return k.isEmpty() ? "n/a" : number(k.getAsDouble());
    }

    public ObjectProperty<Source> source() { return source; }
    public ObjectProperty<Path> dataFolder() { return dataFolder; }
    /** The recipe whose decisions are read; blank = the recipe being edited. */
    public StringProperty logRecipe() { return logRecipe; }
    /** First day of decisions (inclusive); null = from the start of the log. */
    public ObjectProperty<LocalDate> logFrom() { return logFrom; }
    /** Last day of decisions (inclusive); null = up to now. */
    public ObjectProperty<LocalDate> logTo() { return logTo; }
    /** Only decisions with this final class ({@code normal} for good parts); blank = every class. */
    public StringProperty logClass() { return logClass; }
    /** How many decisions the log filter selects and how many of them are used, or why none. */
    public StringProperty logCount() { return logCount; }
    public BooleanProperty includeGood() { return includeGood; }
    public BooleanProperty leaveOut(PromptPart part) { return leaveOut.get(part); }
    public StringProperty firstVersion() { return firstVersion; }
    public StringProperty secondVersion() { return secondVersion; }
    public BooleanProperty running() { return running; }
    public DoubleProperty progress() { return progress; }
    public StringProperty state() { return state; }
    public ObservableList<PartRow> parts() { return parts; }
    public ObservableList<PromptEvaluation.ClassScore> classes() { return classes; }
    public StringProperty confusion() { return confusion; }
    public ObservableList<FigureRow> deltas() { return deltas; }
    public ObservableList<PromptComparison.Change> changed() { return changed; }

    /** Stops a running measurement (the explainer is borrowed and stays open). */
    @Override
    public void close() {
        cancel();
    }
}

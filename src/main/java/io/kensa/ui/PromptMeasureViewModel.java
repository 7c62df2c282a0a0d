package io.kensa.ui;

import io.kensa.detect.Progress;
import io.kensa.inspect.AnswerCache;
import io.kensa.inspect.PromptAblation;
import io.kensa.inspect.PromptComparison;
import io.kensa.inspect.PromptEvaluation;
import io.kensa.inspect.PromptWorkbench;
import io.kensa.llm.Explainer;
import io.kensa.llm.ProfileDocument;
import io.kensa.llm.PromptPart;
import java.nio.file.Path;
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
 * (table, per-class figures, confusion matrix), and two stored versions compared on the same labelled folder
 * (deltas, images whose answer changed). One measurement at a time, on the background executor, cancellable;
 * answers are kept in the data folder's {@link AnswerCache}, so a cancelled run resumes where it stopped.
 */
public final class PromptMeasureViewModel implements AutoCloseable {
    /** One row of the ablation table; {@code delta} is the change in macro accuracy, blank for the whole profile. */
    public record PartRow(String prompt, String macroAccuracy, String delta, String macroF1, String kappa,
                          String threeClassAccuracy, int unanswered) {}

    /** One figure of a comparison. */
    public record FigureRow(String figure, String before, String after, String delta) {}

    private final PromptWorkbench workbench;
    private final Supplier<ProfileDocument> draft;
    private final Supplier<Explainer> explainer;
    private final AnswerCache answers;
    private final Executor background;
    private final Executor fx;

    private final ObjectProperty<Path> dataFolder = new SimpleObjectProperty<>();
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

    /**
     * @param draft      the profile being edited, asked when a measurement starts
     * @param explainer  the station's explainer, borrowed (not closed here)
     * @param fx         runs property changes on the FX thread (tests: the calling thread)
     */
    public PromptMeasureViewModel(PromptWorkbench workbench, Supplier<ProfileDocument> draft, Supplier<Explainer> explainer,
                                  AnswerCache answers, Executor background, Executor fx) {
        this.workbench = workbench;
        this.draft = draft;
        this.explainer = explainer;
        this.answers = answers;
        this.background = background;
        this.fx = fx;
        for (PromptPart p : PromptPart.values()) {
            leaveOut.put(p, new SimpleBooleanProperty(true));
        }
        workbench.demoSet().ifPresent(dataFolder::set);
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
        start(cancelled -> {
            PromptAblation a = workbench.ablate(explainer.get(), profile, folder(), includeGood.get(), chosen, answers,
                    progress(cancelled), cancelled::get);
            return () -> ablated(a);
        });
    }

    /** Runs the two stored versions named in {@link #firstVersion} and {@link #secondVersion} on the folder. */
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
        start(cancelled -> {
            PromptComparison c = workbench.compare(explainer.get(), name, first, second, folder(), includeGood.get(),
                    answers, progress(cancelled), cancelled::get);
            return () -> compared(c);
        });
    }

    /** Stops the running measurement after the image being explained; its answers so far stay cached. */
    public void cancel() {
        current.ifPresent(c -> c.set(true));
    }

    private interface Work {
        /** Runs in the background and returns the change to show on the FX thread. */
        Runnable run(AtomicBoolean cancelled) throws Exception;
    }

    private void start(Work work) {
        if (current.isPresent()) {
            state.set("A measurement is already running; cancel it first.");
            return;
        }
        if (dataFolder.get() == null) {
            state.set("Choose a labelled folder (MVTec layout: test/<class>/ and ground_truth/<class>/) first.");
            return;
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        current = Optional.of(cancelled);
        running.set(true);
        progress.set(-1);
        state.set("Starting …");
        ScreenWork.execute(background, () -> {
            try {
                Runnable show = work.run(cancelled);
                ScreenWork.execute(fx, () -> finish(cancelled, 1, "", show));
            } catch (CancellationException e) {
                ScreenWork.execute(fx, () -> finish(cancelled, 0, "Cancelled; the answers so far are kept, Measure again resumes.",
                        () -> { }));
            } catch (Exception e) {
                ScreenWork.execute(fx, () -> finish(cancelled, 0, "Measurement failed: " + ScreenWork.describe(e), () -> { }));
            }
        });
    }

    private Path folder() {
        return dataFolder.get();
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

    public ObjectProperty<Path> dataFolder() { return dataFolder; }
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

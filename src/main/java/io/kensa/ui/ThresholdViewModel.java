package io.kensa.ui;

import io.kensa.detect.Calibration;
import io.kensa.detect.PatchCoreModel;
import io.kensa.inspect.RecipeTraining;
import io.kensa.inspect.RecipeTrainingScores;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The Threshold pane without controls (QA): scores the good images k-fold (each by a model that did not see it) and
 * the defect images of a labelled folder when one is picked, then shows the histogram with the threshold as a handle
 * and what the threshold implies — the false-alarm rate on good images and, with labels, precision/recall/F1.
 * "Use this threshold" hands the calibration to {@code use}; the model is not changed here.
 */
public final class ThresholdViewModel implements AutoCloseable {
    public static final int BINS = 24;

    private final Supplier<Optional<RecipeTraining>> service;
    private final Supplier<Optional<PatchCoreModel>> model;
    private final Supplier<List<Path>> goodImages;
    private final int folds;
    private final Consumer<Calibration> use;
    private final ScreenWork work;

    private final ObjectProperty<Optional<Path>> labelledFolder = new SimpleObjectProperty<>(Optional.empty());
    private final DoubleProperty threshold = new SimpleDoubleProperty(0);
    private final ReadOnlyObjectWrapper<Optional<RecipeTrainingScores>> scores = new ReadOnlyObjectWrapper<>(Optional.empty());
    private final ReadOnlyObjectWrapper<Optional<RecipeTrainingScores.Histogram>> histogram =
            new ReadOnlyObjectWrapper<>(Optional.empty());
    private final ReadOnlyStringWrapper falseAlarms = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper labelledFigures = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper method = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canUse = new ReadOnlyBooleanWrapper(false);
    /** The model the scores belong to: its calibration is the one moved. */
    private Optional<PatchCoreModel> scored = Optional.empty();

    /**
     * @param service    the training service once the backbone is loaded
     * @param model      the model whose threshold is set (the one just trained or loaded)
     * @param goodImages the good images it was trained on
     * @param folds      folds for the good images' scores
     * @param use        receives the calibration of "Use this threshold"
     */
    public ThresholdViewModel(Supplier<Optional<RecipeTraining>> service, Supplier<Optional<PatchCoreModel>> model,
                              Supplier<List<Path>> goodImages, int folds, Consumer<Calibration> use,
                              Executor background, Executor fx) {
        this.service = service;
        this.model = model;
        this.goodImages = goodImages;
        this.folds = folds;
        this.use = use;
        this.work = new ScreenWork(background, fx);
        threshold.addListener((o, a, t) -> showFigures());
    }

    /** MVTec {@code test/<class>/} folder of labelled images; empty: good images only. */
    public ObjectProperty<Optional<Path>> labelledFolder() { return labelledFolder; }
    /** The handle; anything above it is flagged. */
    public DoubleProperty threshold() { return threshold; }
    public ReadOnlyObjectProperty<Optional<RecipeTrainingScores>> scores() { return scores.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Optional<RecipeTrainingScores.Histogram>> histogram() { return histogram.getReadOnlyProperty(); }
    /** "2 of 30 good images above: 6.7 % false alarms". */
    public ReadOnlyStringProperty falseAlarms() { return falseAlarms.getReadOnlyProperty(); }
    /** Precision/recall/F1 on the defect images; empty without labels. */
    public ReadOnlyStringProperty labelledFigures() { return labelledFigures.getReadOnlyProperty(); }
    /** How the scores were obtained. */
    public ReadOnlyStringProperty method() { return method.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canUse() { return canUse.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty working() { return work.working(); }
    public ReadOnlyDoubleProperty progress() { return work.progress(); }
    public ReadOnlyStringProperty progressText() { return work.progressText(); }
    public ReadOnlyStringProperty message() { return work.message(); }
    public ReadOnlyBooleanProperty messageProblem() { return work.messageProblem(); }

    /** Scores the good images k-fold and the labelled folder's images on the background executor. */
    public void score() {
        Optional<RecipeTraining> s = service.get();
        Optional<PatchCoreModel> m = model.get();
        if (s.isEmpty() || m.isEmpty()) {
            work.say(s.isEmpty() ? "The backbone is still loading; score once the detector is ready."
                    : "There is no model yet: train one on the good images first.", true);
            return;
        }
        List<Path> good = List.copyOf(goodImages.get());
        Optional<Path> folder = labelledFolder.get();
        work.start("Scoring " + good.size() + " good images (" + folds + " folds)…",
                "Scoring cancelled; the threshold is unchanged.", "Not scored: ", (progress, cancelled) -> {
                    Optional<RecipeTraining.LabelledFolder> labelled = folder.isEmpty() ? Optional.empty()
                            : Optional.of(RecipeTraining.labelledFolder(folder.get()));
                    return s.get().score(m.get(), good, labelled.map(RecipeTraining.LabelledFolder::good).orElse(List.of()),
                            labelled.map(RecipeTraining.LabelledFolder::defects).orElse(List.of()), folds, progress,
                            cancelled);
                }, r -> scored(m.get(), r));
    }

    public void cancel() {
        work.cancel();
    }

    /** Moves the handle to the threshold the good images suggest at a tolerated false-alarm rate. */
    public void suggestForFalseAlarmRate(double rate) {
        scores.get().ifPresent(s -> moveTo(s.thresholdForFalseAlarmRate(rate)));
    }

    /** Moves the handle to the F1-optimal threshold (labels only). */
    public void suggestBestF1() {
        scores.get().flatMap(RecipeTrainingScores::bestF1Threshold).ifPresent(this::moveTo);
    }

    /** Hands the calibration with the handle's threshold to {@code use}. */
    public void useThreshold() {
        if (!canUse.get()) {
            return;
        }
        RecipeTrainingScores s = scores.get().orElseThrow();
        RecipeTrainingScores.Figures f = s.at(threshold.get());
        String text = String.format(Locale.ROOT, "set on the score histogram (%s): %.1f%% false alarms", s.method(),
                100 * f.falseAlarmRate()) + f.labelled().map(l -> String.format(Locale.ROOT, ", F1 %.3f", l.f1())).orElse("");
        Calibration c = scored.orElseThrow().calibration().withImageThreshold(threshold.get(), text);
        use.accept(c);
        work.say(String.format(Locale.ROOT, "Threshold %.4f is used for the model; save it to keep it.", threshold.get()), false);
    }

    /** Drops the scores (they belong to a model that is no longer shown). */
    public void forget() {
        scored = Optional.empty();
        scores.set(Optional.empty());
        histogram.set(Optional.empty());
        method.set("");
        falseAlarms.set("");
        labelledFigures.set("");
        canUse.set(false);
    }

    @Override
    public void close() {
        work.close();
    }

    private void scored(PatchCoreModel m, RecipeTrainingScores r) {
        scored = Optional.of(m);
        double trained = m.calibration().imageThreshold();
        RecipeTrainingScores.Histogram h = r.histogram(BINS, trained);
        histogram.set(Optional.of(h));
        method.set(r.method());
        scores.set(Optional.of(r));
        canUse.set(true);
        threshold.set(trained);
        showFigures();
    }

    /** Moves the handle, widening the histogram first when the threshold lies outside it (a handle stays on the chart). */
    private void moveTo(double t) {
        scores.get().ifPresent(s -> histogram.get().filter(h -> t < h.from() || t > h.to())
                .ifPresent(h -> histogram.set(Optional.of(s.histogram(BINS, t)))));
        threshold.set(t);
    }

    private void showFigures() {
        Optional<RecipeTrainingScores> s = scores.get();
        if (s.isEmpty()) {
            return;
        }
        RecipeTrainingScores.Figures f = s.get().at(threshold.get());
        falseAlarms.set(String.format(Locale.ROOT, "%d of %d good images above: %.1f%% false alarms", f.falseAlarms(),
                f.goodImages(), 100 * f.falseAlarmRate()));
        labelledFigures.set(f.labelled().map(l -> String.format(Locale.ROOT,
                "%d of %d defect images caught: precision %.3f, recall %.3f, F1 %.3f", l.caught(), l.caught() + l.missed(),
                l.precision(), l.recall(), l.f1())).orElse(""));
    }
}

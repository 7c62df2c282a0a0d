package io.kensa.ui;

import io.kensa.detect.Backbone;
import io.kensa.detect.Calibration;
import io.kensa.detect.PatchCoreModel;
import io.kensa.detect.TrainSettings;
import io.kensa.inspect.RecipeTraining;
import io.kensa.store.DecidedImage;
import io.kensa.store.InspectionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The recipe workspace's Train pane without controls (QA): train PatchCore on the collected good images with progress
 * and Cancel (a cancelled training leaves the model shown before untouched), set its threshold on the
 * {@link #threshold() Threshold pane}, add good images without a refit (false alarms from the log, or files), and
 * "Save as draft": the model is written as a new file and handed to {@code saveAsDraft}, which puts it in the recipe's
 * draft. Everything slow runs on {@code background}; every property is written on {@code fx} only.
 */
public final class RecipeTrainingViewModel implements AutoCloseable {
    private final String recipe;
    private final Supplier<Optional<Backbone>> backbone;
    private final Path modelFolder;
    private final Clock clock;
    private final Supplier<List<Path>> goodImages;
    private final Optional<InspectionStore> store;
    private final TrainSettings settings;
    private final Consumer<RecipeTraining.TrainedModel> saveAsDraft;
    private final ScreenWork work;
    private final ThresholdViewModel threshold;

    private final ReadOnlyObjectWrapper<Optional<PatchCoreModel>> model = new ReadOnlyObjectWrapper<>(Optional.empty());
    private final ReadOnlyStringWrapper modelText = new ReadOnlyStringWrapper("No model yet: collect good images and train.");
    private final ReadOnlyStringWrapper lastStep = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canSave = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<DecidedImage> falseAlarms = FXCollections.observableArrayList();
    /** One read-only view: it listens to {@code falseAlarms} weakly, so a view made per call could stop updating. */
    private final ObservableList<DecidedImage> readOnlyFalseAlarms = FXCollections.unmodifiableObservableList(falseAlarms);
    private Optional<RecipeTraining> service = Optional.empty();

    /**
     * @param recipe      names the saved model files
     * @param backbone    the workstation's backbone once it is loaded
     * @param modelFolder where models are saved
     * @param goodImages  the recipe's collected good images (read when training starts)
     * @param store       the decision log, for false alarms to add; empty when there is none
     * @param folds       folds of the good images' scores for the threshold ({@link RecipeTraining#DEFAULT_FOLDS})
     * @param saveAsDraft receives each saved model, on the fx executor
     */
    public RecipeTrainingViewModel(String recipe, Supplier<Optional<Backbone>> backbone, Path modelFolder, Clock clock,
                                   Supplier<List<Path>> goodImages, Optional<InspectionStore> store,
                                   TrainSettings settings, int folds,
                                   Consumer<RecipeTraining.TrainedModel> saveAsDraft, Executor background, Executor fx) {
        this.recipe = recipe;
        this.backbone = backbone;
        this.modelFolder = modelFolder;
        this.clock = clock;
        this.goodImages = goodImages;
        this.store = store;
        this.settings = settings;
        this.saveAsDraft = saveAsDraft;
        this.work = new ScreenWork(background, fx);
        this.threshold = new ThresholdViewModel(this::service, model::get, goodImages, folds,
                this::useCalibration, background, fx);
    }

    public ThresholdViewModel threshold() { return threshold; }
    public ReadOnlyObjectProperty<Optional<PatchCoreModel>> model() { return model.getReadOnlyProperty(); }
    /** What the current model is: images, bank, threshold, whether it is saved. */
    public ReadOnlyStringProperty modelText() { return modelText.getReadOnlyProperty(); }
    /** The last training or addition: "trained on 30 images in 8.1 s", "added 12 images in 1.8 s". */
    public ReadOnlyStringProperty lastStep() { return lastStep.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canSave() { return canSave.getReadOnlyProperty(); }
    /** The log's images decided normal, once {@link #loadFalseAlarms()} ran. */
    public ObservableList<DecidedImage> falseAlarms() { return readOnlyFalseAlarms; }
    public ReadOnlyBooleanProperty working() { return work.working(); }
    public ReadOnlyDoubleProperty progress() { return work.progress(); }
    public ReadOnlyStringProperty progressText() { return work.progressText(); }
    public ReadOnlyStringProperty message() { return work.message(); }
    public ReadOnlyBooleanProperty messageProblem() { return work.messageProblem(); }

    /** Trains on the collected good images on the background executor; progress and Cancel follow. */
    public void train() {
        Optional<RecipeTraining> s = ready();
        if (s.isEmpty()) {
            return;
        }
        List<Path> good = List.copyOf(goodImages.get());
        if (good.size() < 2) {
            work.say("Collect at least 2 good images before training (there " + (good.size() == 1 ? "is 1" : "are "
                    + good.size()) + "); 20 or more give a steadier threshold.", true);
            return;
        }
        work.start("Training on " + good.size() + " good images…",
                "Training cancelled; the model shown before is unchanged.", "Not trained: ",
                (progress, cancelled) -> s.get().train(good, settings, progress, cancelled), t -> {
                    lastStep.set(String.format(Locale.ROOT, "trained on %d images in %.1f s: bank of %d patches",
                            t.images(), t.seconds(), t.model().bankRows()));
                    threshold.forget();
                    show(t.model(), false);
                });
    }

    /** Reads the log's false alarms (decided normal) on the background executor. */
    public void loadFalseAlarms() {
        if (store.isEmpty()) {
            work.say("This station has no decision log to read false alarms from; add image files instead.", true);
            return;
        }
        work.start("Reading the decision log…", "Cancelled.", "",
                (progress, cancelled) -> RecipeTraining.falseAlarms(store.get(), recipe), found -> {
                    falseAlarms.setAll(found);
                    work.say(found.isEmpty() ? "No inspection of recipe " + recipe + " was decided normal yet."
                            : found.size() + " false alarms (decided normal) in the log; pick the ones to add.", false);
                });
    }

    /** Adds good images to the current model without a refit, as a new (unsaved) model. */
    public void addGood(List<Path> images) {
        Optional<RecipeTraining> s = ready();
        Optional<PatchCoreModel> current = model.get();
        if (s.isEmpty()) {
            return;
        }
        if (current.isEmpty()) {
            work.say("There is no model to add images to: train one first.", true);
            return;
        }
        List<Path> files = List.copyOf(images);
        work.start("Adding " + files.size() + " good images…", "Adding cancelled; the model is unchanged.",
                "Not added: ", (progress, cancelled) -> s.get().addGood(current.get(), files, progress, cancelled), a -> {
                    lastStep.set(String.format(Locale.ROOT, "added %d images in %.1f s (no refit)", a.added(), a.seconds()));
                    show(a.model(), false);
                });
    }

    /** Writes the current model as a new file on the background executor and hands it to the recipe's draft. */
    public void save() {
        Optional<RecipeTraining> s = ready();
        Optional<PatchCoreModel> current = model.get();
        if (s.isEmpty() || current.isEmpty() || !canSave.get()) {
            return;
        }
        work.start("Saving the model…", "Saving cancelled.", "", (progress, cancelled) -> s.get().save(current.get(), recipe),
                saved -> {
                    saveAsDraft.accept(saved);
                    show(current.get(), true);
                    work.say("Saved " + saved.file().getFileName() + " (sha256 " + saved.sha256().substring(0, 12)
                            + "…) to the recipe's draft.", false);
                });
    }

    public void cancel() {
        work.cancel();
        threshold.cancel();
    }

    /** Loads a saved model (e.g. the recipe's current one) on the background executor, to add images to or re-threshold. */
    public void load(Path file) {
        Optional<Backbone> b = backbone.get();
        if (ready().isEmpty()) {
            return;
        }
        work.start("Loading " + file.getFileName() + "…", "Loading cancelled.", "Not loaded: ",
                (progress, cancelled) -> PatchCoreModel.load(file, b.orElseThrow()), m -> {
                    lastStep.set("loaded " + file);
                    threshold.forget();
                    show(m, true);
                });
    }

    @Override
    public void close() {
        work.close();
        threshold.close();
    }

    /** The threshold pane's "Use this threshold". */
    private void useCalibration(Calibration c) {
        model.get().ifPresent(m -> {
            try {
                show(m.withCalibration(c), false);
            } catch (Exception e) {
                work.say("The threshold was not applied: " + ScreenWork.describe(e), true);
            }
        });
    }

    private void show(PatchCoreModel m, boolean saved) {
        model.set(Optional.of(m));
        modelText.set(String.format(Locale.ROOT, "%d good images, bank of %d patches, threshold %.4f (%s)%s",
                m.summary().images(), m.bankRows(), m.calibration().imageThreshold(), m.calibration().method(),
                saved ? "" : " — not saved"));
        canSave.set(!saved);
    }

    private Optional<RecipeTraining> service() {
        if (service.isEmpty()) {
            service = backbone.get().map(b -> new RecipeTraining(b, modelFolder, clock));
        }
        return service;
    }

    private Optional<RecipeTraining> ready() {
        Optional<RecipeTraining> s = service();
        if (s.isEmpty()) {
            work.say("The backbone is still loading (see the status bar of the Inspect tab). Try again once the"
                    + " detector is ready.", true);
        }
        return s;
    }
}

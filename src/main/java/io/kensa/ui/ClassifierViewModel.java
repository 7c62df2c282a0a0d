package io.kensa.ui;

import io.kensa.cam.ClassifierHead;
import io.kensa.cam.ClassifierReport;
import io.kensa.cam.ClassifierTraining;
import io.kensa.detect.Backbone;
import io.kensa.inspect.ClassifierRetraining;
import io.kensa.model.Operator;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.Recipes;
import io.kensa.review.ConfusionMatrix;
import io.kensa.store.InspectionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Classifier screen without controls (QA): the recipe's current defect classifier, "Retrain from the log" with
 * progress and Cancel (see {@link ClassifierRetraining}), the before/after figures of the candidate on the held-out
 * part of the log, and "Publish as recipe vN" — the only way the candidate reaches the line. Everything slow runs on
 * {@code background}; every property is written on {@code fx} only.
 */
public final class ClassifierViewModel implements AutoCloseable {
    public static final double MIN_HOLDOUT = 0.1;
    public static final double MAX_HOLDOUT = 0.5;

    /** Puts the classifier of a version just published on the running line; returns the sentence naming what runs. */
    @FunctionalInterface
    public interface LiveClassifier {
        String use(Recipe published) throws Exception;
    }

    /** Precision, recall and F1 of one class of the candidate on the held-out part. */
    public record ClassRow(String name, double precision, double recall, double f1, int support) {}

    private final String recipeName;
    private final Recipes recipes;
    private final InspectionStore store;
    /** who is signed in now: the service checks they may publish */
    private final Supplier<Operator> publisher;
    private final Supplier<Optional<Backbone>> backbone;
    private final LiveClassifier live;
    private final ClassifierTraining.Settings training;
    private final Path candidateFolder;
    private final Executor background;
    private final Executor fx;

    private final ReadOnlyStringWrapper currentFile = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper currentClasses = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper currentTraining = new ReadOnlyStringWrapper("");
    private final DoubleProperty holdout = new SimpleDoubleProperty(0.3);
    private final ObjectProperty<Optional<Path>> folder = new SimpleObjectProperty<>(Optional.empty());
    private final ReadOnlyBooleanWrapper working = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canPublish = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper publishText = new ReadOnlyStringWrapper("Publish");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageProblem = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<Optional<ClassifierRetraining.Result>> result =
            new ReadOnlyObjectWrapper<>(Optional.empty());
    private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper counts = new ReadOnlyStringWrapper("");
    private final ObservableList<ClassRow> perClass = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Optional<ConfusionMatrix>> confusion = new ReadOnlyObjectWrapper<>(Optional.empty());

    /** The recipe the shown candidate was trained from; publishing saves its next version. */
    private Optional<Recipe> retrainedFrom = Optional.empty();
    private Optional<AtomicBoolean> running = Optional.empty();
    private boolean published;
    private volatile boolean closed;

    /**
     * @param recipeName      the station's recipe (read again from disk before each step, so a version saved meanwhile
     *                        is seen)
     * @param backbone        the workstation's backbone once it is loaded
     * @param live            the running workstation, which classifies with a published version from then on
     * @param training        training settings; the held-out share is this screen's
     * @param candidateFolder where the candidate head is written ({@code classifier-candidate-<recipe>.json})
     */
    public ClassifierViewModel(String recipeName, Recipes recipes, InspectionStore store, Supplier<Operator> publisher,
                               Supplier<Optional<Backbone>> backbone, LiveClassifier live,
                               ClassifierTraining.Settings training, Path candidateFolder, Executor background,
                               Executor fx) {
        this.recipeName = recipeName;
        this.recipes = recipes;
        this.store = store;
        this.publisher = publisher;
        this.backbone = backbone;
        this.live = live;
        this.training = training;
        this.candidateFolder = candidateFolder;
        this.background = background;
        this.fx = fx;
    }

    public ReadOnlyStringProperty currentFile() { return currentFile.getReadOnlyProperty(); }
    public ReadOnlyStringProperty currentClasses() { return currentClasses.getReadOnlyProperty(); }
    public ReadOnlyStringProperty currentTraining() { return currentTraining.getReadOnlyProperty(); }
    /** Share of each class of the new decisions held out, {@value #MIN_HOLDOUT}..{@value #MAX_HOLDOUT}. */
    public DoubleProperty holdout() { return holdout; }
    /** The original labelled folder, also trained on (default: the one the last retraining used). */
    public ObjectProperty<Optional<Path>> folder() { return folder; }
    public ReadOnlyBooleanProperty working() { return working.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progress() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty progressText() { return progressText.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canPublish() { return canPublish.getReadOnlyProperty(); }
    public ReadOnlyStringProperty publishText() { return publishText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty messageProblem() { return messageProblem.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Optional<ClassifierRetraining.Result>> result() { return result.getReadOnlyProperty(); }
    /** One line: after vs before accuracy on the held-out decisions. */
    public ReadOnlyStringProperty verdict() { return verdict.getReadOnlyProperty(); }
    /** Decisions used, trained on, held out, skipped. */
    public ReadOnlyStringProperty counts() { return counts.getReadOnlyProperty(); }
    public ObservableList<ClassRow> perClass() { return FXCollections.unmodifiableObservableList(perClass); }
    /** The candidate's confusion matrix on the held-out part (rows: predicted, columns: true class). */
    public ReadOnlyObjectProperty<Optional<ConfusionMatrix>> confusion() { return confusion.getReadOnlyProperty(); }

    /** Reads the recipe's current classifier (file, classes, what it was trained on) on the background executor. */
    public void refresh() {
        execute(background, () -> {
            try {
                Recipe r = recipes.load(recipeName);
                Optional<ClassifierHead> head = r.classifier().isEmpty() ? Optional.empty()
                        : Optional.of(ClassifierHead.load(r.classifier().get().file()));
                publish(() -> showCurrent(r, head));
            } catch (Exception e) {
                publish(() -> message("Cannot read the classifier of recipe " + recipeName + ": " + describe(e), true));
            }
        });
    }

    private void showCurrent(Recipe r, Optional<ClassifierHead> head) {
        currentFile.set(r.classifier().map(c -> c.file().toString())
                .orElse("none — recipe " + r.name() + " v" + r.version() + " names no classifier"));
        currentClasses.set(head.map(h -> String.join(", ", h.classes())).orElse(""));
        currentTraining.set(head.map(h -> h.training().map(t -> "Recipe " + r.name() + " v" + r.version()
                        + ": retrained from the log up to " + t.trainedAt() + " (" + t.logImages() + " decided images"
                        + (t.folder().isEmpty() ? "" : ", " + t.folderImages() + " images of " + t.folder()) + ")")
                .orElse("Recipe " + r.name() + " v" + r.version() + ": trained on a labelled folder only; a retraining"
                        + " takes the whole decision log")).orElse(""));
        if (folder.get().isEmpty()) {
            head.flatMap(ClassifierHead::training).map(ClassifierHead.Training::folder).filter(f -> !f.isBlank())
                    .map(Path::of).filter(Files::isDirectory).ifPresent(f -> folder.set(Optional.of(f)));
        }
    }

    /** Retrains from the decisions since the last training on the background executor; progress and Cancel follow. */
    public void retrain() {
        if (working.get()) {
            return;
        }
        Optional<Backbone> b = backbone.get();
        if (b.isEmpty()) {
            message("The backbone is still loading (see the status bar of the Inspect tab). Retrain once the"
                    + " detector is ready.", true);
            return;
        }
        double share = Math.max(MIN_HOLDOUT, Math.min(MAX_HOLDOUT, holdout.get()));
        ClassifierTraining.Settings s = new ClassifierTraining.Settings(training.inputSize(), training.logits(),
                training.flip(), training.steps(), training.learningRate(), training.weightDecay(), share, training.seed());
        Optional<Path> data = folder.get();
        AtomicBoolean cancelled = new AtomicBoolean();
        running = Optional.of(cancelled);
        clearResult();
        start("Starting the retraining…");
        execute(background, () -> {
            try {
                Recipe r = recipes.load(recipeName);
                Path candidate = candidateFolder.resolve("classifier-candidate-" + r.name() + ".json");
                ClassifierRetraining.Result done = new ClassifierRetraining(store, b.get()).retrain(r,
                        new ClassifierRetraining.Request(Optional.empty(), data, s, candidate),
                        (fraction, text) -> publish(() -> progressed(cancelled, fraction, text)), cancelled::get);
                publish(() -> retrained(cancelled, r, done));
            } catch (CancellationException e) {
                publish(() -> failed(cancelled, "Retraining cancelled; nothing was published and the recipe is unchanged."));
            } catch (Exception e) {
                publish(() -> failed(cancelled, cancelled.get()
                        ? "Retraining cancelled; nothing was published and the recipe is unchanged."
                        : "Not retrained: " + describe(e)));
            }
        });
    }

    /** Stops the running retraining at its next step; nothing is published. */
    public void cancel() {
        running.ifPresent(c -> {
            c.set(true);
            progressText.set("Cancelling…");
        });
    }

    /** Saves the candidate with the recipe as its next version (QA's explicit step), on the background executor. */
    public void publish() {
        if (!canPublish.get()) {
            return;
        }
        Recipe from = retrainedFrom.orElseThrow();
        ClassifierRetraining.Result r = result.get().orElseThrow();
        Backbone b = backbone.get().orElseThrow();
        running = Optional.empty();
        start("Publishing " + r.candidate().getFileName() + " as recipe " + from.name() + " v" + (from.version() + 1) + "…");
        execute(background, () -> {
            try {
                Recipe saved = new ClassifierRetraining(store, b).publish(from, r.candidate(), recipes, publisher.get());
                String running;
                try {
                    running = live.use(saved);
                } catch (Exception e) {
                    running = describe(e);
                }
                String onLine = running;
                publish(() -> published(saved, onLine));
            } catch (Exception e) {
                publish(() -> failed(null, describe(e)));
            }
        });
    }

    /** Closing the screen cancels a running retraining. */
    @Override
    public void close() {
        closed = true;
        running.ifPresent(c -> c.set(true));
    }

    private void start(String text) {
        working.set(true);
        progress.set(0);
        progressText.set(text);
        message("", false);
        updateCommands();
    }

    private void progressed(AtomicBoolean run, double fraction, String text) {
        if (isRunning(run) && !run.get()) {
            progress.set(fraction);
            progressText.set(text);
        }
    }

    private void retrained(AtomicBoolean run, Recipe from, ClassifierRetraining.Result r) {
        if (!isRunning(run)) {
            return;
        }
        if (run.get()) { // cancelled after its last check: the candidate file is written but not shown or published
            failed(run, "Retraining cancelled; nothing was published and the recipe is unchanged.");
            return;
        }
        retrainedFrom = Optional.of(from);
        published = false;
        result.set(Optional.of(r));
        ClassifierReport after = r.after();
        verdict.set(String.format(Locale.ROOT, "After retraining: %.3f vs %.3f before on %d held-out decisions"
                + " (macro F1 %.3f vs %.3f)", after.accuracy(), r.before().accuracy(), r.heldOut(), after.macroF1(),
                r.before().macroF1()));
        counts.set(String.format(Locale.ROOT, "%d decisions %s (%d images): %d trained on, %d held out; %d earlier and"
                        + " %d folder images also trained on; %d skipped (image file missing)", r.decisions(),
                r.since().equals(Instant.EPOCH) ? "in the whole log" : "since " + r.since(), r.images(), r.train(),
                r.heldOut(), r.earlier(), r.folderImages(), r.skippedImages()));
        perClass.setAll(after.perClass().stream()
                .map(m -> new ClassRow(m.name(), m.precision(), m.recall(), m.f1(), m.support())).toList());
        confusion.set(Optional.of(after.confusionMatrix()));
        publishText.set("Publish as recipe v" + (from.version() + 1));
        // the commands come back last, when everything they act on is shown
        finish(1, "Retrained in the background; the candidate is in " + r.candidate());
        message("Nothing is on the line yet: the recipe stays v" + from.version() + " until you publish.", false);
        updateCommands();
    }

    /** @param onLine what the running line now classifies with (or why it does not yet) */
    private void published(Recipe saved, String onLine) {
        finish(1, "Published.");
        published = true;
        message("Published: recipe " + saved.name() + " is now v" + saved.version() + " with "
                + saved.classifier().map(c -> c.file().getFileName().toString()).orElse("its classifier") + " ("
                + saved.folder() + "). " + onLine, false);
        updateCommands();
        refresh();
    }

    private void failed(AtomicBoolean run, String text) {
        if (run != null && !isRunning(run)) {
            return;
        }
        finish(0, "");
        message(text, true);
        updateCommands();
    }

    private void finish(double at, String text) {
        running = Optional.empty();
        working.set(false);
        progress.set(at);
        progressText.set(text);
    }

    private boolean isRunning(AtomicBoolean run) {
        return running.filter(r -> r == run).isPresent();
    }

    private void clearResult() {
        result.set(Optional.empty());
        retrainedFrom = Optional.empty();
        verdict.set("");
        counts.set("");
        perClass.clear();
        confusion.set(Optional.empty());
        publishText.set("Publish");
    }

    private void updateCommands() {
        canPublish.set(!working.get() && result.get().isPresent() && !published);
    }

    private void message(String text, boolean problem) {
        message.set(text);
        messageProblem.set(problem);
    }

    /** Hands a property change to the fx executor; after {@link #close()} nobody is waiting for it. */
    private void publish(Runnable change) {
        if (!closed) {
            execute(fx, change);
        }
    }

    private static void execute(Executor executor, Runnable work) {
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            // closed: the screen is gone, nothing is waiting for the answer
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

}

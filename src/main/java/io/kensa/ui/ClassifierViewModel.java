package io.kensa.ui;

import io.kensa.cam.ClassifierHead;
import io.kensa.cam.ClassifierReport;
import io.kensa.cam.ClassifierTraining;
import io.kensa.detect.Backbone;
import io.kensa.inspect.ClassifierRetraining;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.Recipes;
import io.kensa.review.ConfusionMatrix;
import io.kensa.store.InspectionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
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
    /** asks the signed-in person to sign the publication; the service checks they may publish */
    private final SignatureViewModel signatures;
    private final Supplier<Optional<Backbone>> backbone;
    private final LiveClassifier live;
    private final ClassifierTraining.Settings training;
    private final Path candidateFolder;
    private final ScreenWork work;

    private final ReadOnlyStringWrapper currentFile = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper currentClasses = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper currentTraining = new ReadOnlyStringWrapper("");
    private final DoubleProperty holdout = new SimpleDoubleProperty(0.3);
    private final ObjectProperty<Optional<Path>> folder = new SimpleObjectProperty<>(Optional.empty());
    private final ReadOnlyBooleanWrapper canPublish = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper publishText = new ReadOnlyStringWrapper("Publish");
    private final ReadOnlyObjectWrapper<Optional<ClassifierRetraining.Result>> result =
            new ReadOnlyObjectWrapper<>(Optional.empty());
    private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper counts = new ReadOnlyStringWrapper("");
    private final ObservableList<ClassRow> perClass = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Optional<ConfusionMatrix>> confusion = new ReadOnlyObjectWrapper<>(Optional.empty());

    /** The recipe the shown candidate was trained from; publishing saves its next version. */
    private Optional<Recipe> retrainedFrom = Optional.empty();
    private boolean published;

    /**
     * @param recipeName      the station's recipe (read again from disk before each step, so a version saved meanwhile
     *                        is seen)
     * @param backbone        the workstation's backbone once it is loaded
     * @param live            the running workstation, which classifies with a published version from then on
     * @param training        training settings; the held-out share is this screen's
     * @param candidateFolder where the candidate head is written ({@code classifier-candidate-<recipe>.json})
     */
    public ClassifierViewModel(String recipeName, Recipes recipes, InspectionStore store, SignatureViewModel signatures,
                               Supplier<Optional<Backbone>> backbone, LiveClassifier live,
                               ClassifierTraining.Settings training, Path candidateFolder, Executor background,
                               Executor fx) {
        this.recipeName = recipeName;
        this.recipes = recipes;
        this.store = store;
        this.signatures = signatures;
        this.backbone = backbone;
        this.live = live;
        this.training = training;
        this.candidateFolder = candidateFolder;
        this.work = new ScreenWork(background, fx);
        work.working().addListener((o, was, now) -> updateCommands());
    }

    public ReadOnlyStringProperty currentFile() { return currentFile.getReadOnlyProperty(); }
    public ReadOnlyStringProperty currentClasses() { return currentClasses.getReadOnlyProperty(); }
    public ReadOnlyStringProperty currentTraining() { return currentTraining.getReadOnlyProperty(); }
    /** Share of each class of the new decisions held out, {@value #MIN_HOLDOUT}..{@value #MAX_HOLDOUT}. */
    public DoubleProperty holdout() { return holdout; }
    /** The original labelled folder, also trained on (default: the one the last retraining used). */
    public ObjectProperty<Optional<Path>> folder() { return folder; }
    public ReadOnlyBooleanProperty working() { return work.working(); }
    public ReadOnlyDoubleProperty progress() { return work.progress(); }
    public ReadOnlyStringProperty progressText() { return work.progressText(); }
    public ReadOnlyBooleanProperty canPublish() { return canPublish.getReadOnlyProperty(); }
    public ReadOnlyStringProperty publishText() { return publishText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty message() { return work.message(); }
    public ReadOnlyBooleanProperty messageProblem() { return work.messageProblem(); }
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
        work.read("Cannot read the classifier of recipe " + recipeName + ": ", () -> {
            Recipe r = recipes.load(recipeName);
            return new Current(r, r.classifier().isEmpty() ? Optional.empty()
                    : Optional.of(ClassifierHead.load(r.classifier().get().file())));
        }, this::showCurrent);
    }

    private record Current(Recipe recipe, Optional<ClassifierHead> head) {}

    private void showCurrent(Current current) {
        Recipe r = current.recipe();
        Optional<ClassifierHead> head = current.head();
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
        if (work.working().get()) {
            return;
        }
        Optional<Backbone> b = backbone.get();
        if (b.isEmpty()) {
            work.say("The backbone is still loading (see the status bar of the Inspect tab). Retrain once the"
                    + " detector is ready.", true);
            return;
        }
        double share = Math.max(MIN_HOLDOUT, Math.min(MAX_HOLDOUT, holdout.get()));
        ClassifierTraining.Settings s = new ClassifierTraining.Settings(training.inputSize(), training.logits(),
                training.flip(), training.steps(), training.learningRate(), training.weightDecay(), share, training.seed());
        Optional<Path> data = folder.get();
        clearResult();
        // a candidate finished after Cancel is written but neither shown nor published
        work.start("Starting the retraining…", "Retraining cancelled; nothing was published and the recipe is unchanged.",
                "Not retrained: ", (progress, cancelled) -> {
                    Recipe r = recipes.load(recipeName);
                    Path candidate = candidateFolder.resolve("classifier-candidate-" + r.name() + ".json");
                    return new Retrained(r, new ClassifierRetraining(store, b.get()).retrain(r,
                            new ClassifierRetraining.Request(Optional.empty(), data, s, candidate), progress, cancelled));
                }, this::retrained);
    }

    private record Retrained(Recipe from, ClassifierRetraining.Result result) {}

    /** Stops the running retraining at its next step; nothing is published. */
    public void cancel() {
        work.cancel();
    }

    /** Saves the candidate with the recipe as its next version (QA's explicit step), on the background executor. */
    public void publish() {
        if (!canPublish.get()) {
            return;
        }
        Recipe from = retrainedFrom.orElseThrow();
        ClassifierRetraining.Result r = result.get().orElseThrow();
        Backbone b = backbone.get().orElseThrow();
        String what = r.candidate().getFileName() + " as recipe " + from.name() + " v" + (from.version() + 1);
        work.<Published>handOver("Publishing " + what + ": sign with your password to go on.",
                (signed, refused) -> signatures.ask("published", "publish the classifier " + what, signer -> {
                    Recipe saved = new ClassifierRetraining(store, b).publish(from, r.candidate(), recipes, signer);
                    return new Published(saved, onLine(saved));
                }, p -> "classifier of recipe " + p.recipe().name() + " v" + p.recipe().version(), // as the CLI signs it
                        signed, refused),
                p -> published(p.recipe(), p.onLine()));
    }

    /** A publication and what the running line now classifies with (or why it does not yet). */
    private record Published(Recipe recipe, String onLine) {}

    /** Puts the published head on the running line; what it now classifies with, or why it does not yet. */
    private String onLine(Recipe saved) {
        try {
            return live.use(saved);
        } catch (Exception e) {
            return ScreenWork.describe(e);
        }
    }

    /** Closing the screen cancels a running retraining. */
    @Override
    public void close() {
        work.close();
    }

    private void retrained(Retrained done) {
        Recipe from = done.from();
        ClassifierRetraining.Result r = done.result();
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
        work.say("Retrained; the candidate is in " + r.candidate() + ". Nothing is on the line yet: the recipe stays v"
                + from.version() + " until you publish.", false);
        updateCommands();
    }

    /** @param onLine what the running line now classifies with (or why it does not yet) */
    private void published(Recipe saved, String onLine) {
        published = true;
        work.say("Published: recipe " + saved.name() + " is now v" + saved.version() + " with "
                + saved.classifier().map(c -> c.file().getFileName().toString()).orElse("its classifier") + " ("
                + saved.folder() + "). " + onLine, false);
        updateCommands();
        refresh();
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
        canPublish.set(!work.working().get() && result.get().isPresent() && !published);
    }
}

package io.kensa.ui;

import static io.kensa.ui.PaneControls.button;
import static io.kensa.ui.PaneControls.label;
import static io.kensa.ui.PaneControls.row;
import static io.kensa.ui.PaneControls.section;

import io.kensa.config.KensaHome;
import io.kensa.detect.Backbone;
import io.kensa.detect.TrainSettings;
import io.kensa.inspect.RecipeTraining;
import io.kensa.inspect.RecipeTrainingImages;
import io.kensa.store.DecidedImage;
import io.kensa.store.InspectionStore;
import io.kensa.util.Threads;
import java.io.File;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The recipe workspace's training panes for QA, top to bottom: Good images (collect), Train (progress, Cancel),
 * Threshold (histogram and handle), Add good images without a refit, Save as draft. Binds to a
 * {@link GoodImagesViewModel} and a {@link RecipeTrainingViewModel}; call {@link #close()} when discarded (running
 * work is cancelled and the worker thread stops).
 */
public final class RecipeTrainingPane extends BorderPane implements AutoCloseable {
    private final GoodImagesViewModel images;
    private final RecipeTrainingViewModel training;
    private final Runnable onClose;

    /**
     * The panes for one recipe on their own worker thread: good images collected in the data folder's
     * {@code collections/<recipe>/}, models saved to its {@code models/} and handed to {@code saveAsDraft}.
     */
    public static RecipeTrainingPane forRecipe(String recipe, String liveSource, KensaHome home,
                                               Supplier<Optional<Backbone>> backbone, Optional<InspectionStore> store,
                                               TrainSettings settings,
                                               Consumer<RecipeTraining.TrainedModel> saveAsDraft) {
        ExecutorService worker = Threads.single("kensa-recipe-training");
        GoodImagesViewModel good = new GoodImagesViewModel(
                new RecipeTrainingImages(home.dir("collections").resolve(recipe)), liveSource, worker, Platform::runLater);
        RecipeTrainingViewModel vm = new RecipeTrainingViewModel(recipe, backbone, home.models(), Clock.systemUTC(),
                good::snapshot, store, settings, RecipeTraining.DEFAULT_FOLDS, saveAsDraft, worker, Platform::runLater);
        good.refresh();
        return new RecipeTrainingPane(good, vm, settings.falseAlarmRate(), worker::shutdownNow);
    }

    /** The panes on view-models made elsewhere (tests); {@code onClose} runs after they are closed. */
    RecipeTrainingPane(GoodImagesViewModel images, RecipeTrainingViewModel training, double falseAlarmRate,
                       Runnable onClose) {
        this.images = images;
        this.training = training;
        this.onClose = onClose;
        setId("recipe-training");
        VBox body = new VBox(14, section("Good images", new GoodImagesPane(images)), trainSection(),
                section("Threshold", new ThresholdPane(training.threshold(), falseAlarmRate)), addSection(),
                saveSection());
        body.setPadding(new Insets(16));
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        setCenter(scroll);
    }

    /** What the Train, Threshold and Add sections are bound to (for tests of the bindings). */
    RecipeTrainingViewModel training() {
        return training;
    }

    private Node trainSection() {
        Button train = button("training-train", "Train on the good images");
        train.setOnAction(e -> training.train());
        Button cancel = button("training-cancel", "Cancel");
        cancel.setOnAction(e -> training.cancel());
        cancel.disableProperty().bind(training.working().not());
        train.disableProperty().bind(training.working().or(images.working()));
        return section("Train", row(train, cancel, PaneControls.progress("training-progress",
                        training.progress(), training.progressText(), training.working())),
                label("training-model", training.modelText()), label("training-last-step", training.lastStep()),
                PaneControls.message("training-message", training.message(), training.messageProblem()));
    }

    private Node addSection() {
        ListView<DecidedImage> alarms = new ListView<>(training.falseAlarms());
        alarms.setId("training-false-alarms");
        alarms.setPrefHeight(130);
        alarms.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        alarms.setPlaceholder(new Label("Read the log to list the inspections decided normal."));
        alarms.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(DecidedImage d, boolean empty) {
                super.updateItem(d, empty);
                setText(empty || d == null ? null : "inspection " + d.inspection().value() + " (recipe v"
                        + d.recipeVersion() + "), decided normal " + d.decidedAt());
            }
        });
        Button read = button("training-read-log", "Read false alarms from the log");
        read.setOnAction(e -> training.loadFalseAlarms());
        Button addSelected = button("training-add-selected", "Add selected");
        addSelected.setOnAction(e -> training.addGood(
                alarms.getSelectionModel().getSelectedItems().stream().map(DecidedImage::image).toList()));
        addSelected.disableProperty().bind(training.working().or(training.model().isEqualTo(Optional.empty()))
                .or(Bindings.isEmpty(alarms.getSelectionModel().getSelectedItems())));
        Button addFiles = button("training-add-files", "Add image files…");
        addFiles.setOnAction(e -> chooseFiles());
        addFiles.disableProperty().bind(training.working().or(training.model().isEqualTo(Optional.empty())));
        read.disableProperty().bind(training.working());
        return section("Add good images without a refit", row(read, addSelected, addFiles), alarms);
    }

    private Node saveSection() {
        Button save = button("training-save", "Save as draft");
        save.setOnAction(e -> training.save());
        save.disableProperty().bind(training.canSave().not().or(training.working()));
        return section("Save", row(save, new Label(
                "Writes the model (with its threshold) as a new file in the recipe's draft; the line is unchanged"
                        + " until the draft is published.")));
    }

    private void chooseFiles() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Images of good parts to add to the model");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Images", "*.png", "*.jpg", "*.jpeg", "*.bmp",
                "*.gif", "*.tif", "*.tiff"));
        List<File> files = chooser.showOpenMultipleDialog(getScene() == null ? null : getScene().getWindow());
        if (files != null && !files.isEmpty()) {
            training.addGood(files.stream().map(File::toPath).toList());
        }
    }

    /** Cancels running work and stops the worker thread. */
    @Override
    public void close() {
        images.close();
        training.close();
        onClose.run();
    }
}

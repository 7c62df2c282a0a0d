package io.kensa.ui;

import static io.kensa.ui.PromptControls.SEVERITY;
import static io.kensa.ui.PromptControls.area;
import static io.kensa.ui.PromptControls.button;
import static io.kensa.ui.PromptControls.caption;
import static io.kensa.ui.PromptControls.imageChooser;
import static io.kensa.ui.PromptControls.jsonChooser;
import static io.kensa.ui.PromptControls.label;
import static io.kensa.ui.PromptControls.tone;

import io.kensa.inspect.AnswerCache;
import io.kensa.inspect.PromptWorkbench;
import io.kensa.inspect.ReferenceSources;
import io.kensa.llm.Explainer;
import io.kensa.llm.ProfileDocument;
import io.kensa.model.Severity;
import io.kensa.store.InspectionStore;
import io.kensa.store.PromptProfileStore;
import io.kensa.util.Threads;
import java.io.File;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Separator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToolBar;
import javafx.scene.control.cell.ChoiceBoxTableCell;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Recipes &amp; Prompts: QA edits the recipe's prompt profile (ND, AD classes, CS, reference images), saves it as a
 * new version (old versions stay readable and can be compared), imports and exports it as JSON, tries it on one image
 * and measures it on a labelled set. The controls bind to a {@link PromptsViewModel}, which runs everything slow on
 * this view's own named threads; the FX thread only draws.
 *
 * <p>The explainer is borrowed (the workstation's): this view never closes it. Call {@link #close()} when the view is
 * discarded to stop a running try or measurement.
 */
public final class PromptsView extends BorderPane implements AutoCloseable {
    private final ExecutorService workers;
    private final PromptsViewModel vm;
    private final PromptMeasureViewModel measure;
    private final ListView<String> profileNames = new ListView<>();
    private final ListView<PromptProfileStore.Version> versions = new ListView<>();
    private final TableView<PromptClassRow> classTable = new TableView<>();
    private final TextArea definition = area(3, "prompt-definition");
    private final TextArea distinguishFrom = area(3, "prompt-distinguish");
    private final HBox thumbnails = new HBox(8);

    /**
     * @param store         where profile versions are kept
     * @param recipeFolder  the folder of the recipe being edited, asked each time: its {@code prompt-profile.json} is
     *                      the starting draft, reference image paths are relative to it, and a saved version is
     *                      written back to it
     * @param explainer     the explainer to try and measure with (borrowed, not closed)
     * @param signatures    asks the signed-in person to sign a saved version (the service checks they may publish)
     * @param answers       where the Ablation and Versions tabs keep the model's answers (the data folder's cache)
     * @param sources       the snapshots and the decision log's good frames, offered as reference images
     * @param log           the decision log, which the Ablation and Versions tabs can measure on
     */
    public PromptsView(PromptProfileStore store, Supplier<Path> recipeFolder, Supplier<Explainer> explainer,
                       SignatureViewModel signatures, AnswerCache answers, ReferenceSources sources,
                       Optional<InspectionStore> log) {
        this.workers = Threads.cached("kensa-prompts");
        PromptWorkbench workbench = new PromptWorkbench(store, recipeFolder);
        this.vm = new PromptsViewModel(workbench, sources, explainer, signatures, workers, Platform::runLater);
        this.measure = new PromptMeasureViewModel(workbench, vm::draft, explainer, answers, log, ZoneId.systemDefault(),
                workers, Platform::runLater);
        getStyleClass().add("prompts-view");
        getStylesheets().add(PromptsView.class.getResource("prompts.css").toExternalForm());
        setTop(toolbar());
        setLeft(library());
        setCenter(editor());
        setRight(new PromptResultsPane(vm, measure, sources.snapshotFolder()));
        Label status = label("prompt-status", vm.status());
        tone(status, vm.statusTone());
        HBox bar = new HBox(status);
        bar.getStyleClass().add("status-bar");
        setBottom(bar);
        vm.start();
    }

    /** Called on the FX thread after each successful save (e.g. to reload the workstation's profile). */
    public void setOnSaved(Consumer<ProfileDocument> onSaved) {
        vm.setOnSaved(onSaved);
    }

    /** The profile as edited right now (unsaved; version 0). */
    public ProfileDocument draft() {
        return vm.draft();
    }

    /** What the controls are bound to (for tests of the bindings). */
    PromptsViewModel viewModel() {
        return vm;
    }

    @Override
    public void close() {
        vm.close();
        measure.close();
        workers.shutdownNow();
    }

    // ---------------------------------------------------------------- layout

    private ToolBar toolbar() {
        Label title = new Label("Prompt profiles");
        title.getStyleClass().add("pane-title");
        Button save = button("Save as new version", "prompt-save", vm::save);
        save.disableProperty().bind(vm.canSave().not());
        Button importJson = button("Import JSON…", "prompt-import", this::chooseImport);
        Button exportJson = button("Export JSON…", "prompt-export", this::chooseExport);
        Button tryImage = button("Try on image…", "prompt-try", this::chooseTry);
        Button measure = button("Measure…", "prompt-measure", this::chooseMeasure);
        return new ToolBar(title, new Separator(), save, importJson, exportJson, new Separator(), tryImage, measure);
    }

    private VBox library() {
        Label profilesTitle = new Label("Profiles");
        profilesTitle.getStyleClass().add("pane-title");
        Label versionsTitle = new Label("Versions");
        versionsTitle.getStyleClass().add("pane-title");
        profileNames.setId("prompt-profiles");
        profileNames.setPrefHeight(110);
        profileNames.setItems(vm.profileNames());
        vm.profileNames().addListener((InvalidationListener) o -> profileNames.getSelectionModel().select(vm.selectedProfile().get()));
        vm.selectedProfile().addListener((o, a, selected) -> profileNames.getSelectionModel().select(selected));
        profileNames.getSelectionModel().selectedItemProperty().addListener((o, a, selected) -> vm.selectProfile(selected));
        versions.setId("prompt-versions");
        versions.setItems(vm.versions());
        versions.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        versions.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(PromptProfileStore.Version v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : PromptsViewModel.versionText(v));
            }
        });
        versions.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                vm.open(versions.getSelectionModel().getSelectedItem());
            }
        });
        VBox.setVgrow(versions, Priority.ALWAYS);
        Button open = button("Open read-only", "prompt-open", () -> vm.open(versions.getSelectionModel().getSelectedItem()));
        Button compare = button("Compare", "prompt-compare", () -> vm.compare(List.copyOf(versions.getSelectionModel().getSelectedItems())));
        VBox box = new VBox(6, profilesTitle, profileNames, versionsTitle, versions, new HBox(6, open, compare));
        box.setPadding(new Insets(8));
        box.setPrefWidth(280);
        return box;
    }

    private ScrollPane editor() {
        Label mode = label("prompt-mode", vm.mode());
        mode.getStyleClass().add("prompt-mode");
        vm.readOnly().addListener((o, a, ro) -> modeStyle(mode, ro));
        modeStyle(mode, vm.readOnly().get());
        Button editFromVersion = button("Edit from this version", "prompt-edit-from", vm::editFromViewed);
        shownWhen(editFromVersion, vm.readOnly().get());
        vm.readOnly().addListener((o, a, ro) -> shownWhen(editFromVersion, ro));
        Button backToDraft = button("Back to my draft", "prompt-back-to-draft", vm::backToDraft);
        shownWhen(backToDraft, vm.canBackToDraft().get());
        vm.canBackToDraft().addListener((o, a, can) -> shownWhen(backToDraft, can));
        TextField name = new TextField();
        name.setId("prompt-name");
        editable(name, vm.name());
        TextArea normalDescription = area(5, "prompt-nd");
        editable(normalDescription, vm.normalDescription());
        TextArea strategy = area(5, "prompt-cs");
        editable(strategy, vm.strategy());
        Button addReference = button("Add image…", "prompt-add-reference", this::chooseReference);
        Button fromSnapshots = button("Add from snapshots…", "prompt-add-snapshot", vm.referencePicker()::openSnapshots);
        Button fromLog = button("Add from the log…", "prompt-add-logged", vm.referencePicker()::openLog);
        for (Button b : List.of(addReference, fromSnapshots, fromLog)) {
            b.disableProperty().bind(vm.canAddReference().not());
        }
        thumbnails.setId("prompt-thumbnails");
        vm.references().addListener((InvalidationListener) o -> drawThumbnails());
        vm.readOnly().addListener((o, a, ro) -> drawThumbnails());

        VBox box = new VBox(6,
                new HBox(8, mode, editFromVersion, backToDraft),
                validation(),
                caption("Profile name"), name,
                caption("Normal description (ND): shape, colour and texture of a good part"), normalDescription,
                caption("Anomaly classes (AD): double-click a name or severity to edit; definitions below"), classTable(),
                classButtons(),
                caption("Definition of the selected class"), definition,
                caption("How to tell it from similar classes"), distinguishFrom,
                caption("Classification strategy (CS): where to look, size thresholds, when minor or normal"), strategy,
                caption("Reference images of a good part (1–3)"), new HBox(8, thumbnails, new VBox(6, addReference,
                        fromSnapshots, fromLog)), new ReferencePickerPane(vm.referencePicker()));
        box.setPadding(new Insets(8));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private VBox validation() {
        VBox validation = new VBox(2);
        validation.setId("prompt-validation");
        validation.getStyleClass().add("prompt-validation");
        vm.problems().addListener((InvalidationListener) o -> validation.getChildren().setAll(vm.problems().stream().map(p -> {
            Label l = new Label("• " + p);
            l.setWrapText(true);
            l.getStyleClass().add("error-text");
            return (Node) l;
        }).toList()));
        return validation;
    }

    private TableView<PromptClassRow> classTable() {
        TableColumn<PromptClassRow, String> nameColumn = new TableColumn<>("Name");
        nameColumn.setCellValueFactory(c -> c.getValue().name);
        nameColumn.setCellFactory(TextFieldTableCell.forTableColumn());
        nameColumn.setPrefWidth(140);
        TableColumn<PromptClassRow, Severity> severityColumn = new TableColumn<>("Default severity");
        severityColumn.setCellValueFactory(c -> c.getValue().severity);
        severityColumn.setCellFactory(ChoiceBoxTableCell.forTableColumn(SEVERITY, Severity.values()));
        severityColumn.setPrefWidth(120);
        TableColumn<PromptClassRow, String> definitionColumn = new TableColumn<>("Definition");
        definitionColumn.setCellValueFactory(c -> c.getValue().definition);
        definitionColumn.setPrefWidth(420);
        classTable.setId("prompt-classes");
        classTable.setItems(vm.classes());
        classTable.getColumns().setAll(List.of(nameColumn, severityColumn, definitionColumn));
        classTable.editableProperty().bind(vm.readOnly().not());
        classTable.setPrefHeight(150);
        classTable.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> vm.selectClass(row));
        vm.selectedClass().addListener((o, old, row) -> {
            bindDetails(old, row);
            if (row != classTable.getSelectionModel().getSelectedItem()) {
                classTable.getSelectionModel().select(row);
            }
        });
        bindDetails(null, vm.selectedClass().get());
        definition.editableProperty().bind(vm.readOnly().not());
        distinguishFrom.editableProperty().bind(vm.readOnly().not());
        return classTable;
    }

    private HBox classButtons() {
        Button addClass = button("Add class", "prompt-add-class", vm::addClass);
        Button removeClass = button("Remove class", "prompt-remove-class",
                () -> vm.removeClass(classTable.getSelectionModel().getSelectedItem()));
        addClass.disableProperty().bind(vm.readOnly());
        removeClass.disableProperty().bind(vm.readOnly());
        return new HBox(6, addClass, removeClass);
    }

    // ---------------------------------------------------------------- bindings

    private void bindDetails(PromptClassRow old, PromptClassRow row) {
        if (old != null) {
            definition.textProperty().unbindBidirectional(old.definition);
            distinguishFrom.textProperty().unbindBidirectional(old.distinguishFrom);
        }
        if (row == null) {
            definition.clear();
            distinguishFrom.clear();
        } else {
            definition.textProperty().bindBidirectional(row.definition);
            distinguishFrom.textProperty().bindBidirectional(row.distinguishFrom);
        }
        definition.setDisable(row == null);
        distinguishFrom.setDisable(row == null);
    }

    private void drawThumbnails() {
        thumbnails.getChildren().clear();
        for (String ref : vm.references()) {
            // background loading: decoding never blocks the FX thread
            ImageView view = new ImageView(new Image(vm.referenceFile(ref).toUri().toString(), 96, 96, true, true, true));
            view.getStyleClass().add("thumb");
            Button remove = button("Remove", null, () -> vm.removeReference(ref));
            remove.setDisable(vm.readOnly().get());
            Label label = new Label(ref);
            label.getStyleClass().add("muted");
            label.setMaxWidth(110);
            VBox box = new VBox(4, view, label, remove);
            box.setAlignment(Pos.TOP_CENTER);
            thumbnails.getChildren().add(box);
        }
    }

    private void editable(TextInputControl field, StringProperty text) {
        field.textProperty().bindBidirectional(text);
        field.editableProperty().bind(vm.readOnly().not());
    }

    private static void modeStyle(Label mode, boolean readOnly) {
        mode.getStyleClass().setAll("label", "prompt-mode", readOnly ? "prompt-mode-readonly" : "prompt-mode-draft");
    }

    private static void shownWhen(Node node, boolean shown) {
        node.setVisible(shown);
        node.setManaged(shown);
    }

    // ---------------------------------------------------------------- choosers

    private void chooseImport() {
        choose(jsonChooser("Import a prompt profile"), false).ifPresent(vm::importFrom);
    }

    private void chooseExport() {
        FileChooser chooser = jsonChooser("Export the prompt profile");
        chooser.setInitialFileName(vm.exportFileName());
        choose(chooser, true).ifPresent(vm::exportTo);
    }

    private void chooseReference() {
        choose(imageChooser("Add a reference image of a good part"), false).ifPresent(vm::addReference);
    }

    private void chooseTry() {
        FileChooser chooser = imageChooser("Try the profile on an image");
        vm.demoSet().ifPresent(demo -> chooser.setInitialDirectory(demo.resolve("test").toFile()));
        choose(chooser, false).ifPresent(image -> vm.findMask(image, mask -> vm.tryOn(image, mask.or(() -> choose(
                imageChooser("No ground-truth mask next to it: choose a mask (white = anomalous), or cancel to outline nothing"),
                false)))));
    }

    private void chooseMeasure() {
        PaneControls.chooseFolder(this, "Labelled set in MVTec layout (test/<class>/, ground_truth/<class>/)",
                vm.demoSet()).ifPresent(vm::measure);
    }

    private Optional<Path> choose(FileChooser chooser, boolean save) {
        Window window = getScene() == null ? null : getScene().getWindow();
        return Optional.ofNullable(save ? chooser.showSaveDialog(window) : chooser.showOpenDialog(window)).map(File::toPath);
    }
}

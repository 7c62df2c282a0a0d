package io.kensa.ui;

import io.kensa.config.ShippedResources;
import io.kensa.detect.Detection;
import io.kensa.inspect.PromptEvaluation;
import io.kensa.inspect.PromptVersions;
import io.kensa.llm.AnomalyClass;
import io.kensa.llm.ExplainRequest;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explanation;
import io.kensa.llm.ExplanationTask;
import io.kensa.llm.LoadedProfile;
import io.kensa.llm.MaskDetections;
import io.kensa.llm.ProfileDiff;
import io.kensa.llm.ProfileDocument;
import io.kensa.llm.ProfileException;
import io.kensa.llm.PromptProfile;
import io.kensa.llm.PromptProfiles;
import io.kensa.model.Severity;
import io.kensa.store.PromptProfileStore;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Separator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.cell.ChoiceBoxTableCell;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;
import javax.imageio.ImageIO;

/**
 * Recipes &amp; Prompts: QA edits the recipe's prompt profile (ND, AD classes, CS, reference images), saves it as a
 * new version (old versions stay readable and can be compared), imports and exports it as JSON, tries it on one image
 * and measures it on a labelled set. Everything slow (database, files of images, the explainer, the evaluation) runs
 * on the view's own named threads; the FX thread only draws.
 *
 * <p>The explainer is borrowed (the workstation's): this view never closes it. Call {@link #close()} when the view is
 * discarded to stop a running try or measurement.
 */
public final class PromptsView extends BorderPane implements AutoCloseable {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private static final StringConverter<Severity> SEVERITY = new StringConverter<>() {
        @Override
        public String toString(Severity s) {
            return s == null ? "" : s.wire();
        }

        @Override
        public Severity fromString(String text) {
            return Severity.fromWire(text);
        }
    };

    private final PromptProfileStore store;
    /** The recipe's folder now: saving camera settings moves a shipped recipe into a station copy while Kensa runs. */
    private final Supplier<Path> recipeFolder;
    private final Supplier<Explainer> explainer;
    private final String author;
    private final ExecutorService workers;
    private Consumer<ProfileDocument> onSaved = d -> { };

    // what the editor shows: the draft, or a stored version opened read-only
    private ProfileDocument base = ProfileDocument.of(new PromptProfile("", 0, "", List.of(), "", List.of()));
    private Optional<ProfileDocument> draftWhileViewing = Optional.empty();
    private boolean readOnly;
    private boolean filling;
    private boolean saving;
    private List<String> problems = List.of();

    final ListView<String> profileNames = new ListView<>();
    final ListView<PromptProfileStore.Version> versions = new ListView<>();
    final Label mode = new Label();
    final TextField name = new TextField();
    final TextArea normalDescription = area(5);
    final TextArea strategy = area(5);
    final ObservableList<PromptClassRow> classes = FXCollections.observableArrayList(PromptClassRow::observables);
    final TableView<PromptClassRow> classTable = new TableView<>(classes);
    final TextArea definition = area(3);
    final TextArea distinguishFrom = area(3);
    final ObservableList<String> references = FXCollections.observableArrayList();
    final HBox thumbnails = new HBox(8);
    final VBox validation = new VBox(2);
    final Label status = new Label();
    final Button save = new Button("Save as new version");
    final Button editFromVersion = new Button("Edit from this version");
    final Button backToDraft = new Button("Back to my draft");
    final Button addClass = new Button("Add class");
    final Button removeClass = new Button("Remove class");
    final Button addReference = new Button("Add image…");
    final TabPane results = new TabPane();
    final Label tryState = new Label("Try the edited profile on one image before saving it.");
    final Label tryClass = new Label();
    final Label trySeverity = new Label();
    final TextArea tryRationale = area(8);
    final Label tryFacts = new Label();
    final HBox trySent = new HBox(6);
    final Button tryCancel = new Button("Cancel");
    final CheckBox includeGood = new CheckBox("Include test/good as 'normal'");
    final ProgressBar measureProgress = new ProgressBar(0);
    final Label measureState = new Label("Measure the edited profile on a labelled MVTec-layout folder.");
    final TextArea measureReport = area(18);
    final Button measureCancel = new Button("Cancel");
    final Label diffTitle = new Label("Select two versions (or one, to compare with the draft) and press Compare.");
    final ListView<ProfileDiff.Line> diff = new ListView<>();
    private Optional<ExplanationTask> runningTry = Optional.empty();
    private Optional<Task<PromptEvaluation.Report>> runningMeasure = Optional.empty();

    /**
     * @param store         where profile versions are kept
     * @param recipeFolder  the folder of the recipe being edited, asked each time: its {@code prompt-profile.json} is
     *                      the starting draft, reference image paths are relative to it, and a saved version is
     *                      written back to it
     * @param explainer     the explainer to try and measure with (borrowed, not closed)
     * @param author        recorded with every saved version
     */
    public PromptsView(PromptProfileStore store, Supplier<Path> recipeFolder, Supplier<Explainer> explainer, String author) {
        this.store = store;
        this.recipeFolder = recipeFolder;
        this.explainer = explainer;
        this.author = author;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kensa-prompts-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        getStyleClass().add("prompts-view");
        getStylesheets().add(PromptsView.class.getResource("prompts.css").toExternalForm());
        setTop(toolbar());
        setLeft(library());
        setCenter(editor());
        setRight(resultPane());
        status.getStyleClass().add("muted");
        HBox bar = new HBox(status);
        bar.getStyleClass().add("status-bar");
        setBottom(bar);
        classes.addListener((javafx.collections.ListChangeListener<PromptClassRow>) c -> edited());
        references.addListener((javafx.collections.ListChangeListener<String>) c -> {
            drawThumbnails();
            edited();
        });
        name.textProperty().addListener((o, a, b) -> edited());
        normalDescription.textProperty().addListener((o, a, b) -> edited());
        strategy.textProperty().addListener((o, a, b) -> edited());
        startWithRecipeProfile();
    }

    /** Called on the FX thread after each successful save (e.g. to reload the workstation's profile). */
    public void setOnSaved(Consumer<ProfileDocument> onSaved) {
        this.onSaved = onSaved;
    }

    /** The profile as edited right now (unsaved; version 0). */
    public ProfileDocument draft() {
        List<AnomalyClass> ad = classes.stream().map(PromptClassRow::toAnomalyClass).toList();
        return new ProfileDocument(new PromptProfile(name.getText().strip(), 0, normalDescription.getText(), ad,
                strategy.getText(), references), base.offline());
    }

    @Override
    public void close() {
        runningTry.ifPresent(ExplanationTask::cancel);
        runningMeasure.ifPresent(Task::cancel);
        workers.shutdownNow();
    }

    // ---------------------------------------------------------------- layout

    private ToolBar toolbar() {
        Label title = new Label("Prompt profiles");
        title.getStyleClass().add("pane-title");
        save.setOnAction(e -> save());
        Button importJson = new Button("Import JSON…");
        importJson.setOnAction(e -> chooseImport());
        Button exportJson = new Button("Export JSON…");
        exportJson.setOnAction(e -> chooseExport());
        Button tryImage = new Button("Try on image…");
        tryImage.setOnAction(e -> chooseTry());
        Button measure = new Button("Measure…");
        measure.setOnAction(e -> chooseMeasure());
        return new ToolBar(title, new Separator(), save, importJson, exportJson, new Separator(), tryImage, measure);
    }

    private VBox library() {
        Label profilesTitle = new Label("Profiles");
        profilesTitle.getStyleClass().add("pane-title");
        Label versionsTitle = new Label("Versions");
        versionsTitle.getStyleClass().add("pane-title");
        profileNames.setPrefHeight(110);
        profileNames.getSelectionModel().selectedItemProperty().addListener((o, a, selected) -> {
            if (selected != null) {
                loadVersions(selected);
            }
        });
        versions.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        versions.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(PromptProfileStore.Version v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : "v" + v.version() + "  ·  " + v.author() + "  ·  " + WHEN.format(v.createdAt()));
            }
        });
        versions.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                openSelected();
            }
        });
        VBox.setVgrow(versions, Priority.ALWAYS);
        Button open = new Button("Open read-only");
        open.setOnAction(e -> openSelected());
        Button compare = new Button("Compare");
        compare.setOnAction(e -> compareSelected());
        VBox box = new VBox(6, profilesTitle, profileNames, versionsTitle, versions, new HBox(6, open, compare));
        box.setPadding(new Insets(8));
        box.setPrefWidth(280);
        return box;
    }

    private ScrollPane editor() {
        mode.getStyleClass().add("prompt-mode");
        editFromVersion.setOnAction(e -> editFromViewed());
        backToDraft.setOnAction(e -> draftWhileViewing.ifPresent(d -> {
            draftWhileViewing = Optional.empty();
            show(d, false);
        }));

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
        classTable.getColumns().setAll(List.of(nameColumn, severityColumn, definitionColumn));
        classTable.setEditable(true);
        classTable.setPrefHeight(150);
        classTable.getSelectionModel().selectedItemProperty().addListener((o, old, row) -> bindDetails(old, row));
        bindDetails(null, null);
        addClass.setOnAction(e -> {
            PromptClassRow row = new PromptClassRow();
            row.name.set("new_class");
            classes.add(row);
            classTable.getSelectionModel().select(row);
        });
        removeClass.setOnAction(e -> {
            PromptClassRow row = classTable.getSelectionModel().getSelectedItem();
            if (row != null) {
                classes.remove(row);
            }
        });
        addReference.setOnAction(e -> chooseReference());

        VBox box = new VBox(6,
                new HBox(8, mode, editFromVersion, backToDraft),
                validation,
                caption("Profile name"), name,
                caption("Normal description (ND): shape, colour and texture of a good part"), normalDescription,
                caption("Anomaly classes (AD): double-click a name or severity to edit; definitions below"), classTable,
                new HBox(6, addClass, removeClass),
                caption("Definition of the selected class"), definition,
                caption("How to tell it from similar classes"), distinguishFrom,
                caption("Classification strategy (CS): where to look, size thresholds, when minor or normal"), strategy,
                caption("Reference images of a good part (1–3)"), new HBox(8, thumbnails, addReference));
        box.setPadding(new Insets(8));
        validation.getStyleClass().add("prompt-validation");
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private TabPane resultPane() {
        tryClass.getStyleClass().add("class-name");
        tryRationale.setEditable(false);
        tryRationale.getStyleClass().add("rationale");
        tryFacts.getStyleClass().add("muted");
        tryFacts.setWrapText(true);
        tryState.setWrapText(true);
        tryCancel.setDisable(true);
        tryCancel.setOnAction(e -> runningTry.ifPresent(ExplanationTask::cancel));
        Label sentTitle = new Label("What the explainer saw: reference(s), query, outlined query");
        sentTitle.getStyleClass().add("muted");
        VBox tryBox = new VBox(6, tryState, new HBox(8, tryClass, trySeverity), tryRationale, tryFacts, tryCancel,
                sentTitle, trySent);
        tryBox.setPadding(new Insets(8));

        measureProgress.setMaxWidth(Double.MAX_VALUE);
        measureState.setWrapText(true);
        measureReport.setEditable(false);
        measureReport.setWrapText(false);
        measureReport.getStyleClass().add("prompt-report");
        measureCancel.setDisable(true);
        measureCancel.setOnAction(e -> runningMeasure.ifPresent(Task::cancel));
        VBox measureBox = new VBox(6, includeGood, measureProgress, new HBox(8, measureState, measureCancel), measureReport);
        VBox.setVgrow(measureReport, Priority.ALWAYS);
        measureBox.setPadding(new Insets(8));

        diffTitle.setWrapText(true);
        diff.getStyleClass().add("prompt-diff");
        diff.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(ProfileDiff.Line line, boolean empty) {
                super.updateItem(line, empty);
                getStyleClass().removeAll("prompt-diff-added", "prompt-diff-removed");
                if (empty || line == null) {
                    setText(null);
                    return;
                }
                setText(line.marked());
                if (line.change() == ProfileDiff.Change.ADDED) {
                    getStyleClass().add("prompt-diff-added");
                } else if (line.change() == ProfileDiff.Change.REMOVED) {
                    getStyleClass().add("prompt-diff-removed");
                }
            }
        });
        VBox.setVgrow(diff, Priority.ALWAYS);
        VBox diffBox = new VBox(6, diffTitle, diff);
        diffBox.setPadding(new Insets(8));

        results.getTabs().setAll(List.of(new Tab("Try", tryBox), new Tab("Measure", measureBox), new Tab("Compare", diffBox)));
        results.getTabs().forEach(t -> t.setClosable(false));
        results.setPrefWidth(460);
        return results;
    }

    // ---------------------------------------------------------------- editor state

    private void startWithRecipeProfile() {
        background("Read the recipe's prompt profile", () -> {
            Path file = recipeFolder.get().resolve(PromptProfiles.FILE_NAME);
            ProfileDocument fromFile = PromptProfiles.fromJson(Files.readString(file), file.toString());
            // normally equal to the file; newer when a version was saved but the file could not be written
            return store.latest(fromFile.name()).orElse(fromFile);
        }, start -> {
            show(start, false);
            refreshNames(start.name());
        });
    }

    /** Fills the editor; read-only when showing a stored version for reading and comparing. */
    private void show(ProfileDocument document, boolean asReadOnly) {
        filling = true;
        try {
            base = document;
            PromptProfile p = document.profile();
            name.setText(p.name());
            normalDescription.setText(p.normalDescription());
            strategy.setText(p.classificationStrategy());
            classes.setAll(p.anomalyClasses().stream().map(PromptClassRow::of).toList());
            references.setAll(p.referenceImages());
            if (!classes.isEmpty()) {
                classTable.getSelectionModel().select(0);
            }
        } finally {
            filling = false;
        }
        readOnly = asReadOnly;
        for (TextArea a : List.of(normalDescription, strategy, definition, distinguishFrom)) {
            a.setEditable(!asReadOnly);
        }
        name.setEditable(!asReadOnly);
        classTable.setEditable(!asReadOnly);
        addClass.setDisable(asReadOnly);
        removeClass.setDisable(asReadOnly);
        editFromVersion.setVisible(asReadOnly);
        editFromVersion.setManaged(asReadOnly);
        backToDraft.setVisible(asReadOnly && draftWhileViewing.isPresent());
        backToDraft.setManaged(backToDraft.isVisible());
        mode.setText(asReadOnly ? "Viewing " + document.name() + " v" + document.version() + " — read-only"
                : "Editing a draft" + (document.version() > 0 ? " based on " + document.name() + " v" + document.version() : ""));
        mode.getStyleClass().setAll("label", "prompt-mode", asReadOnly ? "prompt-mode-readonly" : "prompt-mode-draft");
        drawThumbnails();
        edited();
    }

    private void edited() {
        if (filling) {
            return;
        }
        problems = PromptProfiles.problems(draft(), recipeFolder.get());
        validation.getChildren().clear();
        for (String problem : problems) {
            Label l = new Label("• " + problem);
            l.setWrapText(true);
            l.getStyleClass().add("error-text");
            validation.getChildren().add(l);
        }
        addReference.setDisable(readOnly || references.size() >= PromptProfiles.MAX_REFERENCE_IMAGES);
        save.setDisable(readOnly || saving || !problems.isEmpty());
    }

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
        for (String ref : references) {
            Path file = recipeFolder.get().resolve(ref);
            // background loading: decoding never blocks the FX thread
            ImageView view = new ImageView(new Image(file.toUri().toString(), 96, 96, true, true, true));
            view.getStyleClass().add("thumb");
            Button remove = new Button("Remove");
            remove.setDisable(readOnly);
            remove.setOnAction(e -> references.remove(ref));
            Label label = new Label(ref);
            label.getStyleClass().add("muted");
            label.setMaxWidth(110);
            VBox box = new VBox(4, view, label, remove);
            box.setAlignment(Pos.TOP_CENTER);
            thumbnails.getChildren().add(box);
        }
    }

    // ---------------------------------------------------------------- versions

    private void refreshNames(String select) {
        background("List the stored profiles", store::names, names -> {
            List<String> all = new ArrayList<>(names);
            if (!select.isBlank() && !all.contains(select)) {
                all.add(select);
                all.sort(Comparator.naturalOrder());
            }
            profileNames.getItems().setAll(all);
            profileNames.getSelectionModel().select(select);
            loadVersions(select);
        });
    }

    private void loadVersions(String profile) {
        background("List the versions of " + profile, () -> store.versions(profile), list -> {
            if (profile.equals(profileNames.getSelectionModel().getSelectedItem())) {
                List<PromptProfileStore.Version> newestFirst = new ArrayList<>(list);
                Collections.reverse(newestFirst);
                versions.getItems().setAll(newestFirst);
            }
        });
    }

    private void openSelected() {
        PromptProfileStore.Version v = versions.getSelectionModel().getSelectedItem();
        if (v == null) {
            message("Select a version to open.", false);
            return;
        }
        open(v.name(), v.version());
    }

    /** Shows a stored version read-only; the draft is kept and comes back with "Back to my draft". */
    void open(String profile, int version) {
        background("Read " + profile + " v" + version, () -> store.version(profile, version), found -> {
            if (found.isEmpty()) {
                message(profile + " v" + version + " is not in the database.", true);
                return;
            }
            if (!readOnly) {
                draftWhileViewing = Optional.of(draft());
            }
            show(found.get(), true);
            message("Opened " + profile + " v" + version + " read-only.", false);
        });
    }

    private void editFromViewed() {
        ProfileDocument viewed = base;
        draftWhileViewing = Optional.empty();
        show(viewed, false);
        message("Editing a new draft from " + viewed.name() + " v" + viewed.version() + "; saving makes a new version.", false);
    }

    private void compareSelected() {
        List<PromptProfileStore.Version> chosen = new ArrayList<>(versions.getSelectionModel().getSelectedItems());
        chosen.sort(Comparator.comparingInt(PromptProfileStore.Version::version));
        if (chosen.isEmpty() || chosen.size() > 2) {
            message("Select two versions to compare, or one to compare with the draft.", false);
            return;
        }
        ProfileDocument current = readOnly ? draftWhileViewing.orElse(draft()) : draft();
        PromptProfileStore.Version older = chosen.get(0);
        Optional<PromptProfileStore.Version> newer = chosen.size() == 2 ? Optional.of(chosen.get(1)) : Optional.empty();
        background("Compare versions", () -> {
            ProfileDocument a = store.version(older.name(), older.version()).orElseThrow();
            ProfileDocument b = newer.isPresent() ? store.version(newer.get().name(), newer.get().version()).orElseThrow() : current;
            return ProfileDiff.diff(a, b);
        }, lines -> {
            String right = newer.map(v -> "v" + v.version()).orElse("the draft");
            long changed = lines.stream().filter(l -> l.change() != ProfileDiff.Change.SAME).count();
            diffTitle.setText(older.name() + " v" + older.version() + " → " + right + ": " + changed + " changed line(s)");
            diff.getItems().setAll(lines);
            results.getSelectionModel().select(2);
        });
    }

    // ---------------------------------------------------------------- save, import, export

    void save() {
        if (readOnly || !problems.isEmpty() || saving) {
            return;
        }
        ProfileDocument toSave = draft();
        saving = true;
        edited();
        background("Save " + toSave.name(), () -> PromptVersions.save(store, toSave, recipeFolder.get(), author), saved -> {
            saving = false;
            ProfileDocument d = saved.document();
            show(d, false);
            refreshNames(d.name());
            String what = saved.newVersion() ? "Saved " + d.name() + " v" + d.version() + "." : "No changes: " + d.name()
                    + " is still v" + d.version() + ".";
            message(saved.warning().map(w -> what + " " + w).orElse(what), saved.warning().isPresent());
            onSaved.accept(d);
        }, () -> {
            saving = false;
            edited();
        });
    }

    private void chooseImport() {
        FileChooser chooser = jsonChooser("Import a prompt profile");
        Path file = Optional.ofNullable(chooser.showOpenDialog(window())).map(java.io.File::toPath).orElse(null);
        if (file != null) {
            importFrom(file);
        }
    }

    /** Loads a profile file into the draft (not saved until "Save as new version"). */
    void importFrom(Path file) {
        background("Import " + file.getFileName(), () -> PromptProfiles.fromJson(Files.readString(file), file.toString()),
                imported -> {
                    draftWhileViewing = Optional.empty();
                    show(imported, false);
                    message("Imported " + file.getFileName() + " as a draft; review it and save it as a new version.", false);
                });
    }

    private void chooseExport() {
        FileChooser chooser = jsonChooser("Export the prompt profile");
        chooser.setInitialFileName((name.getText().isBlank() ? "profile" : name.getText().strip())
                + (readOnly ? "-v" + base.version() : "") + ".json");
        Path file = Optional.ofNullable(chooser.showSaveDialog(window())).map(java.io.File::toPath).orElse(null);
        if (file != null) {
            exportTo(file);
        }
    }

    /** Writes what the editor shows (the draft, or the version opened read-only) as readable JSON. */
    void exportTo(Path file) {
        ProfileDocument shown = readOnly ? base : draft();
        background("Export to " + file, () -> {
            PromptProfiles.write(shown, file);
            return file;
        }, written -> message("Exported " + shown.name() + (readOnly ? " v" + shown.version() : " (draft)") + " to " + written, false));
    }

    private void chooseReference() {
        FileChooser chooser = imageChooser("Add a reference image of a good part");
        Path file = Optional.ofNullable(chooser.showOpenDialog(window())).map(java.io.File::toPath).orElse(null);
        if (file != null) {
            addReference(file);
        }
    }

    /**
     * Adds a reference image. One from outside the recipe folder is copied into it first, so the recipe (and an
     * exported profile) stays self-contained.
     */
    void addReference(Path file) {
        background("Add reference image " + file.getFileName(), () -> {
            if (ImageIO.read(file.toFile()) == null) {
                throw new IOException(file + " is not a PNG or JPEG image.");
            }
            Path folder = recipeFolder.get().toAbsolutePath().normalize();
            Path absolute = file.toAbsolutePath().normalize();
            if (absolute.startsWith(folder)) {
                return folder.relativize(absolute).toString().replace('\\', '/');
            }
            String fileName = absolute.getFileName().toString();
            Path target = folder.resolve(fileName);
            for (int i = 2; Files.exists(target); i++) {
                target = folder.resolve(fileName.replaceFirst("(\\.[^.]+)?$", "-" + i + "$1"));
            }
            Files.copy(absolute, target);
            return target.getFileName().toString();
        }, ref -> {
            if (!references.contains(ref)) {
                references.add(ref);
            }
            message("Reference image " + ref + " added.", false);
        });
    }

    // ---------------------------------------------------------------- try and measure

    private void chooseTry() {
        FileChooser chooser = imageChooser("Try the profile on an image");
        Path demoTest = ShippedResources.demoBottle().resolve("test");
        if (Files.isDirectory(demoTest)) {
            chooser.setInitialDirectory(demoTest.toFile());
        }
        Path image = Optional.ofNullable(chooser.showOpenDialog(window())).map(java.io.File::toPath).orElse(null);
        if (image == null) {
            return;
        }
        Optional<Path> mask = PromptEvaluation.maskOf(image);
        if (mask.isEmpty()) {
            FileChooser maskChooser = imageChooser("No ground-truth mask next to it: choose a mask (white = anomalous), or cancel to outline nothing");
            mask = Optional.ofNullable(maskChooser.showOpenDialog(window())).map(java.io.File::toPath);
        }
        tryOn(image, mask);
    }

    /** Explains one image with the unsaved draft; the mask (white = anomalous) stands in for the detector. */
    void tryOn(Path image, Optional<Path> mask) {
        ProfileDocument profile = draft();
        runningTry.ifPresent(ExplanationTask::cancel);
        results.getSelectionModel().select(0);
        tryState.setText("Preparing " + image.getFileName() + " …");
        tryClass.setText("");
        trySeverity.setText("");
        trySeverity.getStyleClass().setAll("label");
        tryRationale.clear();
        tryFacts.setText("");
        trySent.getChildren().clear();
        background("Try on " + image.getFileName(), () -> {
            LoadedProfile loaded = LoadedProfile.load(profile, recipeFolder.get());
            BufferedImage frame = readImage(image);
            BufferedImage maskImage = mask.isPresent() ? readImage(mask.get())
                    : new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
            Detection detection = MaskDetections.fromMask(maskImage, frame.getWidth(), frame.getHeight());
            return new ExplainRequest(frame, detection, loaded);
        }, request -> {
            Explainer x = explainer.get();
            tryState.setText("Explaining " + image.getFileName() + " with " + x.describe() + " …");
            ExplanationTask task = x.explain(request, soFar -> Platform.runLater(() -> tryRationale.setText(soFar)));
            runningTry = Optional.of(task);
            tryCancel.setDisable(false);
            task.sent().thenAccept(prompt -> {
                List<BufferedImage> images = new ArrayList<>(prompt.references());
                images.add(prompt.query());
                images.add(prompt.outlined());
                Platform.runLater(() -> showSent(images));
            });
            task.result().thenAccept(e -> Platform.runLater(() -> {
                if (runningTry.filter(t -> t == task).isPresent()) {
                    runningTry = Optional.empty();
                    tryCancel.setDisable(true);
                }
                showTry(image, e);
            }));
        });
    }

    private void showSent(List<BufferedImage> images) {
        trySent.getChildren().clear();
        for (BufferedImage image : images) {
            ImageView view = new ImageView(FxImages.toFx(image));
            view.setFitWidth(96);
            view.setPreserveRatio(true);
            view.getStyleClass().add("thumb");
            trySent.getChildren().add(view);
        }
    }

    private void showTry(Path image, Explanation e) {
        tryState.setText(image.getFileName() + ": " + e.status() + (e.hasAnswer() ? "" : " — no valid answer"));
        tryState.getStyleClass().setAll("label", e.hasAnswer() ? "muted" : "error-text");
        tryClass.setText(e.anomalyClass().orElse("no class"));
        Optional<Severity> s = e.severity();
        trySeverity.setText(s.map(Severity::wire).orElse("—"));
        trySeverity.getStyleClass().setAll("label", "severity", s.map(v -> "severity-" + v.wire()).orElse("severity-none"));
        tryRationale.setText(e.rationale());
        tryFacts.setText(String.format(Locale.ROOT, "%s · draft profile %s · confidence %.2f · %d ms · tokens %d + %d%s%s",
                e.model(), e.profileName(), e.confidence(), e.latencyMs(), e.promptTokens(), e.completionTokens(),
                e.fromCache() ? " · from cache" : "", e.evidence().isBlank() ? "" : "\nLook: " + e.evidence()));
    }

    private void chooseMeasure() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Labelled set in MVTec layout (test/<class>/, ground_truth/<class>/)");
        if (Files.isDirectory(ShippedResources.demoBottle())) {
            chooser.setInitialDirectory(ShippedResources.demoBottle().toFile());
        }
        Optional.ofNullable(chooser.showDialog(window())).map(java.io.File::toPath).ifPresent(d -> measure(d, includeGood.isSelected()));
    }

    /** Measures the draft on a labelled folder with ground-truth masks as anomaly maps (see {@link PromptEvaluation}). */
    void measure(Path dataFolder, boolean withGood) {
        if (runningMeasure.isPresent()) {
            message("A measurement is already running; cancel it first.", true);
            return;
        }
        ProfileDocument profile = draft();
        Explainer x = explainer.get();
        Task<PromptEvaluation.Report> task = new Task<>() {
            @Override
            protected PromptEvaluation.Report call() throws Exception {
                LoadedProfile loaded = LoadedProfile.load(profile, recipeFolder.get());
                List<PromptEvaluation.Sample> samples = PromptEvaluation.samples(dataFolder, loaded.profile(), withGood);
                return PromptEvaluation.run(x, loaded, samples, (fraction, text) -> {
                    updateProgress(fraction, 1);
                    updateMessage(text);
                }, this::isCancelled);
            }
        };
        results.getSelectionModel().select(1);
        measureReport.clear();
        measureProgress.progressProperty().bind(task.progressProperty());
        measureState.textProperty().bind(task.messageProperty());
        measureCancel.setDisable(false);
        runningMeasure = Optional.of(task);
        Runnable finished = () -> {
            measureProgress.progressProperty().unbind();
            measureState.textProperty().unbind();
            measureCancel.setDisable(true);
            runningMeasure = Optional.empty();
        };
        task.setOnSucceeded(e -> {
            finished.run();
            measureState.setText("Measured " + task.getValue().images() + " images in " + dataFolder.getFileName());
            measureReport.setText(task.getValue().toText());
        });
        task.setOnCancelled(e -> {
            finished.run();
            measureProgress.setProgress(0);
            measureState.setText("Measurement cancelled.");
        });
        task.setOnFailed(e -> {
            finished.run();
            measureState.setText("Measurement failed.");
            message(describe(task.getException()), true);
        });
        workers.execute(task);
    }

    // ---------------------------------------------------------------- helpers

    private <T> void background(String what, Callable<T> work, Consumer<T> done) {
        background(what, work, done, () -> { });
    }

    private <T> void background(String what, Callable<T> work, Consumer<T> done, Runnable failed) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnSucceeded(e -> done.accept(task.getValue()));
        task.setOnFailed(e -> {
            failed.run();
            message(what + " failed: " + describe(task.getException()), true);
        });
        workers.execute(task);
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private void message(String text, boolean problem) {
        status.setText(text);
        status.getStyleClass().setAll("label", problem ? "error-text" : "muted");
    }

    private static BufferedImage readImage(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + " is not a PNG or JPEG image.");
        }
        return image;
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    private static FileChooser jsonChooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Prompt profile (JSON)", "*.json"));
        return chooser;
    }

    private static FileChooser imageChooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Images", "*.png", "*.jpg", "*.jpeg", "*.bmp"));
        return chooser;
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("prompt-caption");
        l.setWrapText(true);
        return l;
    }

    private static TextArea area(int rows) {
        TextArea a = new TextArea();
        a.setWrapText(true);
        a.setPrefRowCount(rows);
        return a;
    }
}

package io.kensa.ui;

import io.kensa.inspect.RecipeVersions;
import io.kensa.model.Operator;
import io.kensa.recipe.RecipeWorkspace;
import io.kensa.config.KensaHome;
import io.kensa.store.InspectionStore;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/**
 * Recipes (QA): the recipe chooser with New, Duplicate and Rename on top, and below it the workspace's panes for the
 * chosen recipe ({@link #panes()}): Versions here; the training, collecting and threshold panes join that TabPane.
 * Both view-models work on this view's own named thread.
 */
public final class RecipesView extends BorderPane implements AutoCloseable {
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kensa-recipes");
        t.setDaemon(true);
        return t;
    });
    private final RecipesViewModel vm;
    private final TabPane panes = new TabPane();

    /**
     * @param record     the decision log (a recipe it names is not renamed)
     * @param signatures asks for the password when a version is published
     */
    public RecipesView(KensaHome home, InspectionStore record, Supplier<Operator> operator, SignatureViewModel signatures,
                       String current) {
        this(w -> {
            RecipeVersions versions = new RecipeVersions(new RecipeWorkspace(home), Clock.systemUTC());
            return new RecipesViewModel(versions, record, operator, new RecipeVersionsViewModel(versions, signatures,
                    ZoneId.systemDefault(), w, Platform::runLater), w, Platform::runLater);
        }, current);
    }

    /** For tests: the view on a view-model made on this view's worker thread. */
    RecipesView(Function<ExecutorService, RecipesViewModel> viewModel, String current) {
        this.vm = viewModel.apply(worker);
        getStyleClass().add("recipes-view");
        VBox top = new VBox(8, chooser(), newRecipe());
        top.setPadding(new Insets(12, 16, 8, 16));
        setTop(top);
        panes.setId("recipe-panes");
        panes.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab versions = new Tab("Versions", new RecipeVersionsPane(vm.versionsPane()));
        versions.setId("recipe-versions-tab");
        panes.getTabs().add(versions);
        setCenter(panes);
        Label message = label("recipes-message", vm.message());
        message.setWrapText(true);
        vm.messageProblem().addListener((o, a, problem) -> tone(message, problem));
        tone(message, false);
        HBox bar = new HBox(message);
        bar.setPadding(new Insets(6, 16, 6, 16));
        bar.getStyleClass().add("status-bar");
        setBottom(bar);
        vm.refresh(current);
    }

    /** The recipe workspace's panes, one tab each, all on the chosen recipe. */
    public TabPane panes() {
        return panes;
    }

    /** Lists the recipes again (each time the tab is shown). */
    public void refresh() {
        vm.refresh(vm.selected().get());
    }

    RecipesViewModel viewModel() {
        return vm;
    }

    @Override
    public void close() {
        worker.shutdown();
    }

    private Node chooser() {
        ComboBox<String> recipe = new ComboBox<>(vm.names());
        recipe.setId("recipes-chooser");
        recipe.valueProperty().bindBidirectional(vm.selected());
        TextField name = new TextField();
        name.setId("recipes-new-name");
        name.setPromptText("new name, e.g. bottle-line3");
        name.textProperty().bindBidirectional(vm.newName());
        Button duplicate = button("recipes-duplicate", "Duplicate");
        duplicate.setOnAction(e -> vm.duplicate());
        Button rename = button("recipes-rename", "Rename");
        rename.setOnAction(e -> vm.rename());
        for (Button b : new Button[] {duplicate, rename}) {
            b.disableProperty().bind(vm.working().or(vm.newName().isEmpty()));
        }
        Label title = new Label("Recipe");
        title.getStyleClass().add("pane-title");
        return row(title, recipe, new Label("as"), name, duplicate, rename);
    }

    private Node newRecipe() {
        TextField title = field("recipes-new-title", "title shown on screen");
        title.textProperty().bindBidirectional(vm.title());
        TextField source = field("recipes-new-source", "gige://10.0.0.5, usb:0 or folder:/data/parts");
        source.textProperty().bindBidirectional(vm.source());
        TextField backbone = field("recipes-new-backbone", RecipesViewModel.DEFAULT_BACKBONE);
        backbone.textProperty().bindBidirectional(vm.backbone());
        Label good = new Label();
        good.setId("recipes-new-good");
        good.textProperty().bind(vm.goodImages().map(f -> f.map(Path::toString).orElse("none chosen")));
        Button choose = button("recipes-new-choose-good", "Good images…");
        choose.setOnAction(e -> chooseGoodImages());
        Button create = button("recipes-new-create", "New recipe");
        create.setOnAction(e -> vm.createNew());
        create.disableProperty().bind(vm.working().or(vm.newName().isEmpty()));
        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(6);
        g.addRow(0, new Label("Title"), title);
        g.addRow(1, new Label("Source"), source);
        g.addRow(2, new Label("Backbone"), backbone);
        g.addRow(3, new Label("Good images"), row(good, choose));
        g.addRow(4, new Label(""), row(create, new Label("named as above; its prompt profile starts from the chosen recipe's")));
        TitledPane pane = new TitledPane("New recipe", g);
        pane.setId("recipes-new");
        pane.setExpanded(false);
        return pane;
    }

    private void chooseGoodImages() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Folder of good parts");
        vm.goodImages().get().map(Path::toFile).filter(File::isDirectory).ifPresent(chooser::setInitialDirectory);
        Optional.ofNullable(chooser.showDialog(getScene().getWindow())).map(File::toPath)
                .ifPresent(f -> vm.goodImages().set(Optional.of(f)));
    }

    static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(28);
        return f;
    }

    static void tone(Label label, boolean problem) {
        label.getStyleClass().removeAll("error-text", "muted");
        label.getStyleClass().add(problem ? "error-text" : "muted");
    }

    static Label label(String id, ReadOnlyStringProperty text) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(text);
        return l;
    }

    static Button button(String id, String text) {
        Button b = new Button(text);
        b.setId(id);
        return b;
    }

    static HBox row(Node... nodes) {
        HBox h = new HBox(8, nodes);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }
}

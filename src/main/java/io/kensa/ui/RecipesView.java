package io.kensa.ui;

import static io.kensa.ui.PaneControls.button;
import static io.kensa.ui.PaneControls.field;
import static io.kensa.ui.PaneControls.row;
import static io.kensa.ui.PaneControls.statusBar;

import io.kensa.cam.Prototypes;
import io.kensa.config.KensaHome;
import io.kensa.detect.Backbone;
import io.kensa.inspect.CamWorkbench;
import io.kensa.inspect.DetectorModels;
import io.kensa.inspect.RecipeTraining;
import io.kensa.inspect.RecipeVersions;
import io.kensa.model.Operator;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.RecipeWorkspace;
import io.kensa.store.InspectionStore;
import io.kensa.util.Threads;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Insets;
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
import javafx.scene.layout.VBox;

/**
 * Recipes (QA): the recipe chooser with New, Duplicate and Rename on top, and below it the workspace's panes for the
 * chosen recipe ({@link #panes()}): Versions (draft, publish, roll back, diff), Train (good images, training,
 * threshold, adding good images), which edits the recipe's draft, and Prototypes (one picture per class of the
 * recipe's classifier beside its most similar real images). The chooser's view-models work on this view's own named
 * thread, the other panes on theirs.
 */
public final class RecipesView extends BorderPane implements AutoCloseable {
    private final ExecutorService worker = Threads.single("kensa-recipes");
    private final RecipesViewModel vm;
    private final TabPane panes = new TabPane();
    private final TrainingPanes trainingPanes;
    private final Function<Recipe, PrototypesPane> prototypePanes;
    private final Tab train = new Tab("Train");
    private final Tab prototypes = new Tab("Prototypes");
    /** the training and prototype panes shown, and the recipe they are for: kept while the same recipe stays chosen */
    private Optional<RecipeTrainingPane> training = Optional.empty();
    private Optional<PrototypesPane> prototypesPane = Optional.empty();
    private String panesRecipe = "";

    /** Builds the training panes for a recipe; a model they save is handed to {@code saveAsDraft}. */
    @FunctionalInterface
    interface TrainingPanes {
        RecipeTrainingPane forRecipe(Recipe recipe, Consumer<RecipeTraining.TrainedModel> saveAsDraft);
    }

    /**
     * @param record     the decision log (a recipe it names is not renamed; its false alarms can be added as good images)
     * @param signatures asks for the password when a version is published
     * @param backbone   the workstation's backbone once it is loaded (training waits for it)
     */
    public RecipesView(KensaHome home, InspectionStore record, Supplier<Operator> operator, SignatureViewModel signatures,
                       Supplier<Optional<Backbone>> backbone, String current) {
        this(w -> {
            RecipeVersions versions = new RecipeVersions(new RecipeWorkspace(home), Clock.systemUTC());
            return new RecipesViewModel(versions, record, operator, new RecipeVersionsViewModel(versions, signatures,
                    ZoneId.systemDefault(), w, Platform::runLater), w, Platform::runLater);
        }, current, recipe -> new PrototypesPane(w -> new PrototypesViewModel(new CamWorkbench(home, recipe.name()),
                backbone, operator, Prototypes.Settings.defaults(), w, Platform::runLater)), (recipe, saveAsDraft) -> {
            Recipe.DetectorSettings d = recipe.detector();
            RecipeTrainingPane pane = RecipeTrainingPane.forRecipe(recipe.name(), recipe.source(), home, backbone,
                    Optional.of(record), DetectorModels.settings(d.inputSize(), d.coreset(), d.falseAlarmRate(), d.tile()),
                    saveAsDraft);
            if (backbone.get().isPresent()) { // the model the draft names, to add good images to or re-threshold
                d.model().ifPresent(pane.training()::load);
            }
            return pane;
        });
    }

    /** For tests: the view on a view-model made on this view's worker thread. */
    RecipesView(Function<ExecutorService, RecipesViewModel> viewModel, String current,
                Function<Recipe, PrototypesPane> prototypePanes, TrainingPanes trainingPanes) {
        this.vm = viewModel.apply(worker);
        this.trainingPanes = trainingPanes;
        this.prototypePanes = prototypePanes;
        getStyleClass().add("recipes-view");
        VBox top = new VBox(8, chooser(), newRecipe());
        top.setPadding(new Insets(12, 16, 8, 16));
        setTop(top);
        panes.setId("recipe-panes");
        panes.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab versions = new Tab("Versions", new RecipeVersionsPane(vm.versionsPane()));
        versions.setId("recipe-versions-tab");
        train.setId("recipe-train-tab");
        train.setContent(new Label("Choose a recipe."));
        prototypes.setId("recipe-prototypes-tab");
        prototypes.setContent(new Label("Choose a recipe."));
        panes.getTabs().addAll(versions, train, prototypes);
        vm.current().addListener((o, was, now) -> now.ifPresent(this::showRecipePanes));
        setCenter(panes);
        setBottom(statusBar("recipes-message", vm.message(), vm.messageProblem()));
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
        training.ifPresent(RecipeTrainingPane::close);
        prototypesPane.ifPresent(PrototypesPane::close);
        worker.shutdown();
    }

    /**
     * New panes when another recipe is chosen (a running job of the old ones is cancelled); the same recipe keeps its
     * panes (and a model not saved yet).
     */
    private void showRecipePanes(Recipe recipe) {
        if (recipe.name().equals(panesRecipe)) {
            return;
        }
        training.ifPresent(RecipeTrainingPane::close);
        prototypesPane.ifPresent(PrototypesPane::close);
        RecipeTrainingPane pane = trainingPanes.forRecipe(recipe, vm::saveModel);
        PrototypesPane pictures = prototypePanes.apply(recipe);
        training = Optional.of(pane);
        prototypesPane = Optional.of(pictures);
        panesRecipe = recipe.name();
        train.setContent(pane);
        prototypes.setContent(pictures);
    }

    /** The training panes on the chosen recipe, once one is read (for tests of the bindings). */
    Optional<RecipeTrainingPane> trainingPane() {
        return training;
    }

    /** The Prototypes pane on the chosen recipe, once one is read (for tests of the bindings). */
    Optional<PrototypesPane> prototypesPane() {
        return prototypesPane;
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
        PaneControls.chooseFolder(this, "Folder of good parts", vm.goodImages().get())
                .ifPresent(f -> vm.goodImages().set(Optional.of(f)));
    }
}

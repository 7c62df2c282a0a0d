package io.kensa.ui;

import static io.kensa.ui.PaneControls.button;
import static io.kensa.ui.PaneControls.label;
import static io.kensa.ui.PaneControls.row;

import io.kensa.cam.ClassifierTraining;
import io.kensa.detect.Backbone;
import io.kensa.inspect.CamWorkbench;
import io.kensa.model.Operator;
import io.kensa.recipe.Recipes;
import io.kensa.review.ConfusionMatrix;
import io.kensa.store.InspectionStore;
import io.kensa.util.Threads;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tab;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Classifier (QA): the recipe's defect classifier, "Retrain from the log" with progress and Cancel, the before/after
 * figures, per-class precision/recall and the confusion matrix of the candidate, and "Publish as recipe vN". The
 * controls bind to a {@link ClassifierViewModel}, which works on this view's own named thread. Call {@link #close()}
 * when the view is discarded: a running retraining is cancelled.
 */
public final class ClassifierView extends BorderPane implements AutoCloseable {
    private final ExecutorService worker = Threads.single("kensa-classifier");
    private final ClassifierViewModel vm;
    /** Kept so the spinner's two-way binding is not collected. */
    private final ObjectProperty<Double> holdout;
    private final GridPane confusion = new GridPane();
    private final Optional<CamAuditPane> audit;

    /**
     * @param operator   who is signed in now (the audit's service checks they may run it)
     * @param signatures asks for the password when a classifier is published
     * @param live       the running workstation, which classifies with a published version from then on
     */
    public ClassifierView(String recipe, Recipes recipes, InspectionStore store, Supplier<Operator> operator,
                          SignatureViewModel signatures, Supplier<Optional<Backbone>> backbone,
                          ClassifierViewModel.LiveClassifier live, CamWorkbench workbench, Path candidateFolder) {
        this(w -> new ClassifierViewModel(recipe, recipes, store, signatures, backbone, live,
                ClassifierTraining.Settings.defaults(), candidateFolder, w, Platform::runLater),
                Optional.of(new CamAuditPane(w -> new CamAuditViewModel(workbench, backbone, operator, w,
                        Platform::runLater))));
    }

    /** For tests: the view on a view-model made on this view's worker thread, without the audit pane. */
    ClassifierView(Function<ExecutorService, ClassifierViewModel> viewModel) {
        this(viewModel, Optional.empty());
    }

    private ClassifierView(Function<ExecutorService, ClassifierViewModel> viewModel, Optional<CamAuditPane> audit) {
        this.vm = viewModel.apply(worker);
        this.audit = audit;
        this.holdout = vm.holdout().asObject();
        getStyleClass().add("classifier-view");
        VBox body = new VBox(14, currentSection(), retrainSection(), resultSection());
        body.setPadding(new Insets(16));
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        setCenter(audit.<Node>map(a -> {
            TabPane parts = new TabPane(new Tab("Retrain from the log", scroll), new Tab("Grad-CAM audit", a));
            parts.setId("classifier-parts");
            parts.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
            return parts;
        }).orElse(scroll));
        setBottom(PaneControls.statusBar("classifier-message", vm.message(), vm.messageProblem()));
        vm.confusion().addListener((o, a, m) -> showConfusion(m));
        vm.refresh();
    }

    /** Reads the recipe's classifier again (each time the tab is shown). */
    public void refresh() {
        vm.refresh();
        audit.ifPresent(CamAuditPane::refresh);
    }

    /** What the controls are bound to (for tests of the bindings). */
    ClassifierViewModel viewModel() {
        return vm;
    }

    private Node currentSection() {
        GridPane g = grid();
        g.addRow(0, new Label("File"), label("classifier-file", vm.currentFile()));
        g.addRow(1, new Label("Classes"), label("classifier-classes", vm.currentClasses()));
        g.addRow(2, new Label("Trained"), label("classifier-training", vm.currentTraining()));
        return section("Current classifier", g);
    }

    private Node retrainSection() {
        Spinner<Double> share = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(
                ClassifierViewModel.MIN_HOLDOUT, ClassifierViewModel.MAX_HOLDOUT, vm.holdout().get(), 0.05));
        share.setId("classifier-holdout");
        share.setPrefWidth(90);
        share.getValueFactory().valueProperty().bindBidirectional(holdout);
        share.setTooltip(new Tooltip("Share of each class of the new decisions held out and measured on, not trained on."));
        Label folder = new Label();
        folder.setId("classifier-folder");
        folder.textProperty().bind(vm.folder().map(f -> f.map(Path::toString).orElse("none (decisions only)")));
        Button choose = button("classifier-choose-folder", "Labelled folder…");
        choose.setOnAction(e -> chooseFolder());
        Button clear = button("classifier-clear-folder", "No folder");
        clear.setOnAction(e -> vm.folder().set(Optional.empty()));
        Button retrain = button("classifier-retrain", "Retrain from the log");
        retrain.setOnAction(e -> vm.retrain());
        Button cancel = button("classifier-cancel", "Cancel");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.working().not());
        for (Node n : new Node[] {share, choose, clear, retrain}) {
            n.disableProperty().bind(vm.working());
        }
        ProgressBar bar = new ProgressBar();
        bar.setId("classifier-progress");
        bar.setPrefWidth(260);
        bar.progressProperty().bind(vm.progress());
        Label progressText = label("classifier-progress-text", vm.progressText());
        GridPane g = grid();
        g.addRow(0, new Label("Decisions"), new Label("since the classifier's last training (the whole log if it has none)"));
        g.addRow(1, new Label("Held-out share"), share);
        g.addRow(2, new Label("Labelled folder"), row(folder, choose, clear));
        g.addRow(3, new Label(""), row(retrain, cancel, bar, progressText));
        return section("Retrain from the log", g);
    }

    private Node resultSection() {
        Label verdict = label("classifier-verdict", vm.verdict());
        verdict.getStyleClass().add("pane-title");
        Label counts = label("classifier-counts", vm.counts());
        counts.setWrapText(true);
        TableView<ClassifierViewModel.ClassRow> table = new TableView<>(vm.perClass());
        table.setId("classifier-per-class");
        table.setPrefHeight(170);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Retrain to see the candidate's figures per class."));
        table.getColumns().setAll(List.of(
                column("Class", r -> r.name()),
                column("Precision", r -> number(r.precision())),
                column("Recall", r -> number(r.recall())),
                column("F1", r -> number(r.f1())),
                column("Held out", r -> String.valueOf(r.support()))));
        confusion.setId("classifier-confusion");
        confusion.setHgap(10);
        confusion.setVgap(4);
        Button publish = button("classifier-publish", "");
        publish.textProperty().bind(vm.publishText());
        publish.setOnAction(e -> vm.publish());
        publish.disableProperty().bind(vm.canPublish().not());
        publish.setTooltip(new Tooltip("Saves the candidate with the recipe as its next version; nothing reaches the"
                + " line before this."));
        VBox box = new VBox(8, verdict, counts, publish, new Label("Candidate per class, on the held-out decisions"), table,
                new Label("Confusion matrix of the candidate (rows: predicted, columns: the inspectors' class)"), confusion);
        return section("Candidate", box);
    }

    private void showConfusion(Optional<ConfusionMatrix> matrix) {
        confusion.getChildren().clear();
        matrix.ifPresent(m -> {
            long[][] counts = m.counts();
            for (int c = 0; c < m.labels().size(); c++) {
                confusion.add(bold(m.labels().get(c)), c + 1, 0);
            }
            for (int r = 0; r < m.labels().size(); r++) {
                confusion.add(bold(m.labels().get(r)), 0, r + 1);
                for (int c = 0; c < m.labels().size(); c++) {
                    Label cell = new Label(String.valueOf(counts[r][c]));
                    cell.setId("classifier-confusion-" + r + "-" + c);
                    if (r == c) {
                        cell.setStyle("-fx-font-weight: bold;");
                    }
                    confusion.add(cell, c + 1, r + 1);
                }
            }
        });
    }

    private void chooseFolder() {
        PaneControls.chooseFolder(this, "The original labelled folder (DIR/<class>/ or MVTec DIR/test/<class>/)",
                vm.folder().get()).ifPresent(f -> vm.folder().set(Optional.of(f)));
    }

    /** Cancels a running retraining and stops this view's thread. */
    @Override
    public void close() {
        vm.close();
        audit.ifPresent(CamAuditPane::close);
        worker.shutdown();
    }

    private static TableColumn<ClassifierViewModel.ClassRow, String> column(
            String title, Function<ClassifierViewModel.ClassRow, String> value) {
        TableColumn<ClassifierViewModel.ClassRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new SimpleObjectProperty<>(value.apply(cell.getValue())));
        return c;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static Label bold(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold;");
        return l;
    }



    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(6);
        return g;
    }

    private static Node section(String title, Node body) {
        Label t = new Label(title);
        t.getStyleClass().add("pane-title");
        VBox box = new VBox(8, t, body);
        box.getStyleClass().add("settings-section");
        return box;
    }
}

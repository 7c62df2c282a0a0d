package io.kensa.ui;

import io.kensa.util.Threads;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The Grad-CAM audit (Classifier tab, QA): controls bound to a {@link CamAuditViewModel}, which works on this pane's
 * own named thread. Pictures arrive drawn; this pane only shows them. (The class prototypes are in the recipe
 * workspace: {@link PrototypesPane}.)
 */
final class CamAuditPane extends BorderPane implements AutoCloseable {
    private final ExecutorService worker = Threads.single("kensa-cam-audit");
    private final CamAuditViewModel vm;
    /** Kept so the spinner's two-way binding is not collected. */
    private final ObjectProperty<Double> threshold;
    private final VBox classes = new VBox(12);

    CamAuditPane(Function<ExecutorService, CamAuditViewModel> viewModel) {
        this.vm = viewModel.apply(worker);
        this.threshold = vm.insideThreshold().asObject();
        getStyleClass().add("cam-audit-pane");
        Spinner<Double> inside = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(
                CamAuditViewModel.MIN_THRESHOLD, CamAuditViewModel.MAX_THRESHOLD, vm.insideThreshold().get(), 0.05));
        inside.setId("cam-audit-threshold");
        inside.setPrefWidth(90);
        inside.getValueFactory().valueProperty().bindBidirectional(threshold);
        inside.setTooltip(new Tooltip("An image with less than this share of its CAM inside its defect mask is listed"
                + " as off target (the model looked at the wrong thing)."));
        Label folder = new Label();
        folder.setId("cam-audit-folder");
        folder.textProperty().bind(vm.folder().map(f -> f.map(Path::toString).orElse("none chosen")));
        Button choose = PaneControls.button("cam-audit-choose-folder", "Labelled folder…");
        choose.setOnAction(e -> chooseFolder());
        Button audit = PaneControls.button("cam-audit-run", "Run the audit");
        audit.setOnAction(e -> vm.audit());
        audit.setTooltip(new Tooltip("Grad-CAM of every image of the folder with the recipe's classifier, compared with"
                + " its defect mask, and the ROAD faithfulness check."));
        Button cancel = PaneControls.button("cam-audit-cancel", "Cancel");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.working().not());
        for (Node n : new Node[] {choose, inside, audit}) {
            n.disableProperty().bind(vm.working());
        }
        ProgressBar bar = new ProgressBar();
        bar.setId("cam-audit-progress");
        bar.setPrefWidth(220);
        bar.progressProperty().bind(vm.progress());
        Label progressText = new Label();
        progressText.setId("cam-audit-progress-text");
        progressText.textProperty().bind(vm.progressText());
        Label message = PaneControls.message("cam-audit-message", vm.message(), vm.messageProblem());
        message.setWrapText(true);
        VBox top = new VBox(6, PaneControls.row(new Label("Labelled folder"), folder, choose,
                new Label("Off target below"), inside),
                PaneControls.row(audit, cancel, bar, progressText), message);
        top.setPadding(new Insets(10, 16, 10, 16));
        setTop(top);

        VBox body = new VBox(14, title("Per class: mean CAM, CAM inside the defect masks, ROAD, off-target images"),
                classes);
        body.setPadding(new Insets(8, 16, 16, 16));
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        setRight(enlargedView());
        vm.classes().addListener((ListChangeListener<CamAuditViewModel.ClassRow>) c -> showClasses());
        vm.refresh();
    }

    /** Looks up the recipe's labelled folder again when none is chosen (each time the tab is shown). */
    void refresh() {
        vm.refresh();
    }

    CamAuditViewModel viewModel() {
        return vm;
    }

    private Node enlargedView() {
        ImageView image = new ImageView();
        image.setId("cam-audit-large");
        Label caption = new Label();
        caption.setId("cam-audit-large-caption");
        caption.setWrapText(true);
        caption.setMaxWidth(CamAuditViewModel.LARGE);
        VBox box = new VBox(6, title("Selected: CAM over the image, mask outlined"), image, caption);
        box.setPadding(new Insets(8, 16, 16, 0));
        box.setPrefWidth(CamAuditViewModel.LARGE + 16);
        box.visibleProperty().bind(vm.enlarged().map(Optional::isPresent));
        box.managedProperty().bind(box.visibleProperty());
        vm.enlarged().addListener((o, a, e) -> e.ifPresent(shown -> {
            image.setImage(FxImages.toFx(shown.image()));
            caption.setText(shown.caption());
        }));
        return box;
    }

    private void showClasses() {
        classes.getChildren().clear();
        for (CamAuditViewModel.ClassRow r : vm.classes()) {
            Label summary = new Label(r.summary());
            summary.getStyleClass().add("pane-title");
            summary.setWrapText(true);
            Label road = new Label(r.faithfulness());
            road.setWrapText(true);
            FlowPane off = new FlowPane(8, 8);
            off.setId("cam-audit-off-" + r.label());
            for (CamAuditViewModel.OffTargetRow o : r.offTarget()) {
                VBox tile = new VBox(2, PaneControls.picture(o.thumbnail()), PaneControls.caption(String.format(Locale.ROOT, "%s %.0f%% in",
                        o.image().getFileName(), 100 * o.inside())));
                tile.getStyleClass().add("cam-audit-thumbnail");
                tile.setCursor(Cursor.HAND);
                Tooltip.install(tile, new Tooltip(o.caption()));
                tile.setOnMouseClicked(e -> vm.enlarge(o));
                off.getChildren().add(tile);
            }
            if (r.offTarget().isEmpty()) {
                off.getChildren().add(PaneControls.caption("No off-target images."));
            }
            VBox mean = new VBox(2, PaneControls.picture(r.meanCam()), PaneControls.caption("mean CAM"));
            VBox text = new VBox(4, summary, road, off);
            HBox.setHgrow(text, javafx.scene.layout.Priority.ALWAYS);
            HBox line = new HBox(12, mean, text);
            line.getStyleClass().add("settings-section");
            classes.getChildren().add(line);
        }
    }

    private void chooseFolder() {
        PaneControls.chooseFolder(this, "A labelled folder in MVTec layout (test/<class>/, ground_truth/<class>/)",
                vm.folder().get()).ifPresent(f -> vm.folder().set(Optional.of(f)));
    }

    /** Cancels a running job and stops this pane's thread. */
    @Override
    public void close() {
        vm.close();
        worker.shutdown();
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("pane-title");
        return l;
    }
}

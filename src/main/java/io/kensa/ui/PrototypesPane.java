package io.kensa.ui;

import io.kensa.util.Threads;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The recipe workspace's Prototypes pane (QA): controls bound to a {@link PrototypesViewModel}, which works on this
 * pane's own named thread. Each class's prototype stands beside the real images with the most similar activations;
 * the pictures arrive drawn, this pane only shows them.
 */
final class PrototypesPane extends BorderPane implements AutoCloseable {
    private final ExecutorService worker = Threads.single("kensa-prototypes");
    private final PrototypesViewModel vm;
    private final VBox classes = new VBox(12);

    PrototypesPane(Function<ExecutorService, PrototypesViewModel> viewModel) {
        this.vm = viewModel.apply(worker);
        getStyleClass().add("prototypes-pane");
        Label folder = new Label();
        folder.setId("prototypes-folder");
        folder.textProperty().bind(vm.folder().map(f -> f.map(Path::toString).orElse("none chosen")));
        Button choose = PaneControls.button("prototypes-choose-folder", "Labelled folder…");
        choose.setOnAction(e -> PaneControls.chooseFolder(this, "Real images, one sub-folder per class (or MVTec"
                + " test/<class>/)", vm.folder().get()).ifPresent(f -> vm.folder().set(Optional.of(f))));
        Button make = PaneControls.button("prototypes-make", "Make prototypes");
        make.setOnAction(e -> vm.make());
        make.setTooltip(new Tooltip("One image per class of the recipe's classifier by gradient ascent on the class's"
                + " probability, kept close to the activations of the folder's real images of that class."));
        Button cancel = PaneControls.button("prototypes-cancel", "Cancel");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.working().not());
        choose.disableProperty().bind(vm.working());
        make.disableProperty().bind(vm.working());
        VBox top = new VBox(6, PaneControls.row(new Label("Labelled folder"), folder, choose),
                PaneControls.row(make, cancel, PaneControls.progress("prototypes-progress", vm.progress(),
                        vm.progressText(), vm.working())),
                PaneControls.message("prototypes-message", vm.message(), vm.messageProblem()));
        top.setPadding(new Insets(10, 16, 10, 16));
        setTop(top);
        VBox body = new VBox(14, classes);
        body.setPadding(new Insets(8, 16, 16, 16));
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        vm.prototypes().addListener((ListChangeListener<PrototypesViewModel.PrototypeRow>) c -> showPrototypes());
        vm.refresh();
    }

    PrototypesViewModel viewModel() {
        return vm;
    }

    private void showPrototypes() {
        classes.getChildren().clear();
        for (PrototypesViewModel.PrototypeRow p : vm.prototypes()) {
            HBox pictures = new HBox(8, new VBox(2, PaneControls.picture(p.image()), PaneControls.caption("prototype")));
            for (PrototypesViewModel.Neighbour n : p.nearest()) {
                VBox tile = new VBox(2, PaneControls.picture(n.thumbnail()), PaneControls.caption(String.format(
                        Locale.ROOT, "%s similarity %.2f", n.image().getFileName(), n.similarity())));
                tile.getStyleClass().add("prototype-neighbour");
                Tooltip.install(tile, new Tooltip(n.image().toString()));
                pictures.getChildren().add(tile);
            }
            VBox box = PaneControls.section(p.summary(), pictures);
            box.setId("prototype-" + p.className());
            classes.getChildren().add(box);
        }
    }

    /** Cancels a running job and stops this pane's thread. */
    @Override
    public void close() {
        vm.close();
        worker.shutdown();
    }
}

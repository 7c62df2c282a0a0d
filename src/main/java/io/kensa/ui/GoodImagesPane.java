package io.kensa.ui;

import static io.kensa.ui.PaneControls.button;
import static io.kensa.ui.PaneControls.label;
import static io.kensa.ui.PaneControls.row;

import java.nio.file.Path;
import java.util.Optional;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;

/**
 * Good images (QA): import a folder or take frames from a live source (Capture, Auto-collect N at an interval), the
 * running count and the collection as thumbnails, each with Discard. Binds to a {@link GoodImagesViewModel};
 * thumbnails load in the background (JavaFX's own image loader), so the FX thread only draws.
 */
public final class GoodImagesPane extends VBox {
    static final double THUMB = 96;

    private final GoodImagesViewModel vm;
    private final TilePane thumbnails = new TilePane(6, 6);
    /** Kept so the spinners' two-way bindings are not collected. */
    private final Object[] bound;

    public GoodImagesPane(GoodImagesViewModel vm) {
        super(8);
        this.vm = vm;
        setId("good-images-pane");
        TextField source = new TextField();
        source.setId("good-source");
        source.setPrefColumnCount(24);
        source.textProperty().bindBidirectional(vm.source());
        Button capture = button("good-capture", "Capture");
        capture.setOnAction(e -> vm.capture());
        Spinner<Integer> count = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(1,
                GoodImagesViewModel.MAX_AUTO, vm.autoCount().get(), 5));
        count.setId("good-auto-count");
        count.setPrefWidth(80);
        var countValue = vm.autoCount().asObject();
        count.getValueFactory().valueProperty().bindBidirectional(countValue);
        Spinner<Double> interval = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(0, 60,
                vm.intervalSeconds().get(), 0.5));
        interval.setId("good-interval");
        interval.setPrefWidth(80);
        var intervalValue = vm.intervalSeconds().asObject();
        interval.getValueFactory().valueProperty().bindBidirectional(intervalValue);
        bound = new Object[] {countValue, intervalValue};
        Button auto = button("good-auto", "Auto-collect");
        auto.setOnAction(e -> vm.autoCollect());
        Button importFolder = button("good-import", "Import folder…");
        importFolder.setOnAction(e -> chooseFolder());
        Button cancel = button("good-cancel", "Stop");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.working().not());
        for (Node n : new Node[] {source, capture, count, interval, auto, importFolder}) {
            n.disableProperty().bind(vm.working());
        }
        Label total = label("good-count", vm.count());
        total.getStyleClass().add("pane-title");
        thumbnails.setId("good-thumbnails");
        thumbnails.setPrefColumns(6);
        ScrollPane scroll = new ScrollPane(thumbnails);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(2 * (THUMB + 40));
        getChildren().addAll(row(new Label("Live source"), source, capture, new Label("or"), count,
                        new Label("frames every"), interval, new Label("s"), auto),
                row(importFolder, cancel, PaneControls.progress("good-progress", vm.progress(),
                        vm.progressText(), vm.working())),
                total, scroll, PaneControls.message("good-message", vm.message(), vm.messageProblem()));
        vm.images().addListener((ListChangeListener<Path>) c -> showThumbnails());
        showThumbnails();
    }

    private void showThumbnails() {
        thumbnails.getChildren().setAll(vm.images().stream().map(this::thumbnail).toList());
    }

    private Node thumbnail(Path image) {
        ImageView view = new ImageView(new Image(image.toUri().toString(), THUMB, THUMB, true, true, true));
        view.setFitWidth(THUMB);
        view.setFitHeight(THUMB);
        view.setPreserveRatio(true);
        Button discard = button("good-discard-" + image.getFileName().toString().replaceAll("[^A-Za-z0-9_-]", "-"), "Discard");
        discard.setOnAction(e -> vm.discard(image));
        discard.disableProperty().bind(vm.working());
        VBox box = new VBox(2, view, new Label(image.getFileName().toString()), discard);
        box.getStyleClass().add("good-thumbnail");
        return box;
    }

    private void chooseFolder() {
        PaneControls.chooseFolder(this, "A folder of images of good parts", Optional.empty()).ifPresent(vm::importFolder);
    }
}

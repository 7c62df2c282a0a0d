package io.kensa.ui;

import io.kensa.capture.gige.CameraDiscovery.DiscoveredCamera;
import io.kensa.capture.gige.CameraDiscovery;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * "Find cameras", drawn from a {@link CamerasViewModel}: lists GigE Vision / USB3 Vision cameras (Aravis discovery),
 * USB cameras and Aravis' in-process demo camera, says why a kind could not be listed (e.g. libaravis missing, with
 * how to install it), and returns the chosen camera's source spec. Discovery runs when the dialog opens or the user
 * asks again. Ids: {@code cameras-table}, {@code cameras-status}, {@code cameras-problems}, {@code cameras-search}.
 */
final class CamerasDialog extends Dialog<String> {
    static final ButtonType USE = new ButtonType("Use camera", ButtonBar.ButtonData.OK_DONE);

    private final CamerasViewModel vm;
    private final TableView<DiscoveredCamera> table = new TableView<>();
    private final VBox problems = new VBox(6);

    CamerasDialog(CamerasViewModel vm) {
        this.vm = vm;
        setTitle("Kensa — find cameras");
        setHeaderText("GigE Vision, USB3 Vision and USB cameras this computer can see");
        setResizable(true);
        buildTable();
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(18, 18);
        progress.visibleProperty().bind(vm.searching());
        progress.managedProperty().bind(progress.visibleProperty());
        Label status = new Label();
        status.setId("cameras-status");
        status.textProperty().bind(vm.status());
        vm.failed().addListener((o, was, now) -> {
            status.getStyleClass().remove("error-text");
            if (now) {
                status.getStyleClass().add("error-text");
            }
        });
        Button searchAgain = new Button("Search again");
        searchAgain.setId("cameras-search");
        searchAgain.disableProperty().bind(vm.searching());
        searchAgain.setOnAction(e -> vm.search());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(8, progress, status, spacer, searchAgain);
        top.setAlignment(Pos.CENTER_LEFT);
        problems.setId("cameras-problems");
        vm.problems().addListener((ListChangeListener<String>) change -> showProblems());

        VBox content = new VBox(10, top, table, problems);
        content.setPadding(new Insets(12));
        content.setPrefWidth(900);
        getDialogPane().setContent(content);
        getDialogPane().getStylesheets().add(CamerasDialog.class.getResource("kensa.css").toExternalForm());
        getDialogPane().getButtonTypes().setAll(USE, ButtonType.CANCEL);
        getDialogPane().lookupButton(USE).disableProperty().bind(vm.selected().isNull());
        setResultConverter(b -> b == USE ? vm.choice().orElse(null) : null);
        setOnHidden(e -> vm.close());
        vm.search();
    }

    /**
     * Shows the dialog over {@code owner}, lists every camera (GigE discovery broadcasts on the networks) and
     * returns the spec of the camera the user picks, e.g. {@code gige://Basler-21234567}, {@code usb:0} or
     * {@code gige://Fake_1}.
     */
    static Optional<String> choose(Window owner) {
        CamerasDialog dialog = create(() -> CameraDiscovery.withDemoCamera(CameraDiscovery.findAll()));
        dialog.initOwner(owner);
        return dialog.showAndWait();
    }

    /**
     * The dialog listing what {@code discovery} finds, run on a daemon thread of its own each time the user searches:
     * real discovery in {@link #choose}, {@link CameraDiscovery#findFakeCameras} in tests.
     */
    static CamerasDialog create(Supplier<CameraDiscovery.Result> discovery) {
        Executor background = task -> {
            Thread thread = new Thread(task, "camera-discovery");
            thread.setDaemon(true);
            thread.start();
        };
        return new CamerasDialog(new CamerasViewModel(discovery, background, Platform::runLater, System::nanoTime));
    }

    private void buildTable() {
        table.setId("cameras-table");
        table.getColumns().add(column("Kind", CamerasViewModel::kindText, 175));
        table.getColumns().add(column("Vendor", DiscoveredCamera::vendor, 100));
        table.getColumns().add(column("Model", DiscoveredCamera::model, 130));
        table.getColumns().add(column("Serial", DiscoveredCamera::serialNumber, 80));
        table.getColumns().add(column("Address / ID", CamerasViewModel::addressText, 180));
        table.getColumns().add(column("Source spec", DiscoveredCamera::spec, 190));
        table.setPlaceholder(new Label("No cameras found. Check that the camera is powered and cabled, and for GigE "
                + "that it is on the same network as this computer."));
        table.setItems(vm.cameras());
        table.setRowFactory(t -> {
            TableRow<DiscoveredCamera> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    vm.selected().set(row.getItem());
                    setResult(row.getItem().spec());
                    close();
                }
            });
            return row;
        });
        // the table's selection and the view-model's are one
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> vm.selected().set(now));
        vm.selected().addListener((o, was, now) -> {
            if (table.getSelectionModel().getSelectedItem() != now) {
                table.getSelectionModel().select(now);
            }
        });
        table.setPrefHeight(260);
        VBox.setVgrow(table, Priority.ALWAYS);
    }

    private void showProblems() {
        problems.getChildren().clear();
        for (String problem : vm.problems()) {
            Label label = new Label(problem);
            label.setWrapText(true);
            label.getStyleClass().add("error-text");
            problems.getChildren().add(label);
        }
        if (getDialogPane().getScene() != null && getDialogPane().getScene().getWindow() != null) {
            // problems arrive after the window was sized: grow it to show them
            getDialogPane().getScene().getWindow().sizeToScene();
        }
    }

    private static TableColumn<DiscoveredCamera, String> column(String title, Function<DiscoveredCamera, String> value, double width) {
        TableColumn<DiscoveredCamera, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        column.setPrefWidth(width);
        return column;
    }
}

package io.kensa.ui;

import io.kensa.capture.gige.CameraDiscovery;
import io.kensa.capture.gige.CameraDiscovery.DiscoveredCamera;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Find cameras": lists GigE Vision / USB3 Vision cameras (Aravis discovery), USB cameras and Aravis' in-process
 * demo camera, says why a kind could not be listed (e.g. libaravis missing, with how to install it), and returns
 * the chosen camera's source spec. Discovery blocks about a second and broadcasts on every network, so it runs on
 * a background thread, only when the dialog opens or the user asks again.
 */
final class CamerasDialog extends Dialog<String> {
    private static final Logger LOG = LoggerFactory.getLogger(CamerasDialog.class);
    static final ButtonType USE = new ButtonType("Use camera", ButtonBar.ButtonData.OK_DONE);

    final TableView<DiscoveredCamera> table = new TableView<>();
    final Label status = new Label();
    final ProgressIndicator progress = new ProgressIndicator();
    final Button searchAgain = new Button("Search again");
    final VBox problems = new VBox(6);
    private final Supplier<CameraDiscovery.Result> discovery;
    private Task<CameraDiscovery.Result> running;

    /**
     * @param discovery what to list; runs on a background thread each time the user searches. The workstation
     *                  passes real discovery (see {@link #choose}); tests pass {@link CameraDiscovery#findFakeCameras}.
     */
    CamerasDialog(Supplier<CameraDiscovery.Result> discovery) {
        this.discovery = discovery;
        setTitle("Kensa — find cameras");
        setHeaderText("GigE Vision, USB3 Vision and USB cameras this computer can see");
        setResizable(true);

        table.getColumns().add(column("Kind", CamerasDialog::kindText, 175));
        table.getColumns().add(column("Vendor", DiscoveredCamera::vendor, 100));
        table.getColumns().add(column("Model", DiscoveredCamera::model, 130));
        table.getColumns().add(column("Serial", DiscoveredCamera::serialNumber, 80));
        table.getColumns().add(column("Address / ID", CamerasDialog::addressText, 180));
        table.getColumns().add(column("Source spec", DiscoveredCamera::spec, 190));
        table.setPlaceholder(new Label("No cameras found. Check that the camera is powered and cabled, and for GigE "
                + "that it is on the same network as this computer."));
        table.setRowFactory(t -> {
            TableRow<DiscoveredCamera> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    setResult(row.getItem().spec());
                    close();
                }
            });
            return row;
        });
        table.setPrefHeight(260);
        VBox.setVgrow(table, Priority.ALWAYS);

        progress.setPrefSize(18, 18);
        progress.managedProperty().bind(progress.visibleProperty());
        searchAgain.setOnAction(e -> search());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(8, progress, status, spacer, searchAgain);
        top.setAlignment(Pos.CENTER_LEFT);

        VBox content = new VBox(10, top, table, problems);
        content.setPadding(new Insets(12));
        content.setPrefWidth(900);
        getDialogPane().setContent(content);
        getDialogPane().getStylesheets().add(CamerasDialog.class.getResource("kensa.css").toExternalForm());
        getDialogPane().getButtonTypes().setAll(USE, ButtonType.CANCEL);
        getDialogPane().lookupButton(USE).disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        setResultConverter(b -> b == USE && table.getSelectionModel().getSelectedItem() != null
                ? table.getSelectionModel().getSelectedItem().spec() : null);
        setOnHidden(e -> {
            if (running != null) {
                // Aravis cannot be interrupted mid-discovery; the result is just dropped
                running.cancel();
            }
        });
        search();
    }

    /**
     * Shows the dialog over {@code owner}, lists every camera (GigE discovery broadcasts on the networks) and
     * returns the spec of the camera the user picks, e.g. {@code gige://Basler-21234567}, {@code usb:0} or
     * {@code gige://Fake_1}.
     */
    static Optional<String> choose(Window owner) {
        CamerasDialog dialog = new CamerasDialog(() -> CameraDiscovery.withDemoCamera(CameraDiscovery.findAll()));
        dialog.initOwner(owner);
        return dialog.showAndWait();
    }

    /** Runs discovery on a background thread; the list, status and problems are replaced when it ends. */
    void search() {
        if (running != null && running.isRunning()) {
            return;
        }
        long started = System.nanoTime();
        Task<CameraDiscovery.Result> task = new Task<>() {
            @Override
            protected CameraDiscovery.Result call() {
                return discovery.get();
            }
        };
        running = task;
        progress.setVisible(true);
        searchAgain.setDisable(true);
        status.setText("Searching for cameras (about a second)…");
        status.getStyleClass().remove("error-text");
        task.setOnSucceeded(e -> show(task.getValue(), (System.nanoTime() - started) / 1e9));
        task.setOnFailed(e -> {
            LOG.warn("Camera discovery failed", task.getException());
            finish();
            status.setText("Searching for cameras failed (" + task.getException().getClass().getSimpleName() + ": "
                    + task.getException().getMessage() + "). Try again; the log has the details.");
            status.getStyleClass().add("error-text");
        });
        task.setOnCancelled(e -> finish());
        Thread thread = new Thread(task, "camera-discovery");
        thread.setDaemon(true);
        thread.start();
    }

    private void show(CameraDiscovery.Result result, double seconds) {
        finish();
        table.getItems().setAll(result.cameras());
        if (!result.cameras().isEmpty()) {
            table.getSelectionModel().selectFirst();
        }
        int n = result.cameras().size();
        status.setText((n == 0 ? "No cameras found" : n == 1 ? "Found 1 camera" : "Found " + n + " cameras")
                + String.format(Locale.ROOT, " in %.1f s.", seconds));
        problems.getChildren().clear();
        for (String problem : result.problems()) {
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

    private void finish() {
        progress.setVisible(false);
        searchAgain.setDisable(false);
    }

    private static String kindText(DiscoveredCamera camera) {
        return camera.kind().equals(CameraDiscovery.FAKE_KIND) ? "In-process demo camera" : camera.kind();
    }

    private static String addressText(DiscoveredCamera camera) {
        if (camera.kind().equals(CameraDiscovery.FAKE_KIND)) {
            return camera.id() + " (in-process)";
        }
        if (camera.address().isEmpty() || camera.address().equals(camera.id())) {
            return camera.id();
        }
        return camera.address() + " · " + camera.id();
    }

    private static TableColumn<DiscoveredCamera, String> column(String title, Function<DiscoveredCamera, String> value, double width) {
        TableColumn<DiscoveredCamera, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        column.setPrefWidth(width);
        return column;
    }
}

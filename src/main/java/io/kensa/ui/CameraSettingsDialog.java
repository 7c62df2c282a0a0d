package io.kensa.ui;

import io.kensa.capture.gige.CameraFeatures.DoubleRange;
import io.kensa.capture.gige.CameraFeatures.IntRange;
import io.kensa.capture.gige.GigeSourceSettings;
import io.kensa.ui.CameraFields.Decimal;
import io.kensa.ui.CameraFields.Pick;
import io.kensa.ui.CameraFields.Whole;
import io.kensa.ui.CameraForm.Field;
import io.kensa.ui.CameraForm.Row;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;

/**
 * "Camera settings" for a camera source, drawn from a {@link CameraSettingsViewModel} (which holds the state and the
 * rules): a status line, the form of what the camera offers, notes, an error line, and "Save to recipe" / "Use for
 * this session only". Call it while capture from that camera is stopped: a GigE camera takes one controller at a time.
 * Controls carry ids ({@code camera-width}, {@code camera-exposure-auto}, …) so a window that opens this dialog can be
 * driven by them (tests, accessibility tools).
 */
final class CameraSettingsDialog extends Dialog<CameraChoice> {
    static final ButtonType SAVE = new ButtonType("Save to recipe", ButtonBar.ButtonData.OK_DONE);
    static final ButtonType SESSION = new ButtonType("Use for this session only", ButtonBar.ButtonData.APPLY);

    private final CameraSettingsViewModel vm;
    private final Label status = new Label();
    private final GridPane form = new GridPane();
    private CameraChoice chosen;

    CameraSettingsDialog(CameraSettingsViewModel vm) {
        this.vm = vm;
        setTitle("Kensa — camera settings");
        setHeaderText(vm.header());
        setResizable(true);
        getDialogPane().setContent(content());
        getDialogPane().getStylesheets().add(CameraSettingsDialog.class.getResource("kensa.css").toExternalForm());
        getDialogPane().getButtonTypes().setAll(SESSION, SAVE, ButtonType.CANCEL);
        for (ButtonType type : List.of(SAVE, SESSION)) {
            Node button = getDialogPane().lookupButton(type);
            button.disableProperty().bind(vm.ready().not());
            button.addEventFilter(ActionEvent.ACTION, e -> {
                Optional<CameraChoice> choice = vm.choose(type == SAVE);
                chosen = choice.orElse(null);
                if (choice.isEmpty()) {
                    fitWindow();
                    e.consume();
                }
            });
        }
        setResultConverter(b -> b == SAVE || b == SESSION ? chosen : null);
        setOnHidden(e -> vm.close());
        vm.rows().addListener((ListChangeListener<Row>) change -> showForm());
        showForm();
    }

    /**
     * Shows the settings of the camera named by {@code spec} ({@code gige://…} or {@code usb:…}) over {@code owner},
     * starting from {@code start}, and returns what was chosen; empty when cancelled. Stop capture from that camera first.
     */
    static Optional<CameraChoice> edit(Window owner, String spec, Map<String, String> start) {
        CameraSettingsDialog dialog = create(spec, start);
        dialog.initOwner(owner);
        return dialog.showAndWait();
    }

    /** The dialog on a real camera: it is read on a daemon thread of its own, answers arrive on the FX thread. */
    static CameraSettingsDialog create(String spec, Map<String, String> start) {
        Executor background = task -> {
            Thread thread = new Thread(task, "camera-features");
            thread.setDaemon(true);
            thread.start();
        };
        return new CameraSettingsDialog(new CameraSettingsViewModel(spec, start, GigeSourceSettings::readFeatures,
                background, Platform::runLater));
    }

    private VBox content() {
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(18, 18);
        progress.visibleProperty().bind(vm.busy());
        progress.managedProperty().bind(progress.visibleProperty());
        Button retry = new Button("Try again");
        retry.setId("camera-retry");
        retry.visibleProperty().bind(vm.canRetry());
        retry.managedProperty().bind(retry.visibleProperty());
        retry.setOnAction(e -> vm.readFeatures());
        status.setId("camera-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.status());
        vm.tone().addListener((o, was, now) -> showTone());
        showTone();
        form.setId("camera-form");
        form.setHgap(10);
        form.setVgap(8);
        Label notes = boundLabel("camera-notes", vm.notes(), "muted");
        Label error = boundLabel("camera-error", vm.error(), "error-text");
        vm.error().addListener((o, was, now) -> fitWindow());
        HBox top = new HBox(8, progress, status, retry);
        top.setAlignment(Pos.CENTER_LEFT);
        Label help = new Label("Save to recipe: the settings go into the recipe's draft (QA's role) and this station uses "
                + "them now; every station gets them when QA publishes the draft as a new version, which inspections "
                + "record. Use for this session only: until Kensa closes; the recipe is unchanged.");
        help.setWrapText(true);
        help.getStyleClass().add("muted");
        VBox content = new VBox(12, top, form, notes, error, help);
        content.setPadding(new Insets(12));
        content.setPrefWidth(640);
        return content;
    }

    private static Label boundLabel(String id, javafx.beans.value.ObservableValue<String> text, String style) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.getStyleClass().add(style);
        label.textProperty().bind(text);
        return label;
    }

    private void showTone() {
        switch (vm.tone().get()) {
            case PLAIN -> status.getStyleClass().setAll("label");
            case TITLE -> status.getStyleClass().setAll("label", "pane-title");
            case ERROR -> status.getStyleClass().setAll("label", "error-text");
        }
        fitWindow();
    }

    /** Builds the form from the view-model's rows: a control for each offered setting, a note for the rest. */
    private void showForm() {
        form.getChildren().clear();
        int index = 0;
        for (Row row : vm.rows()) {
            Label label = new Label(row.label());
            label.setMinWidth(Region.USE_PREF_SIZE);
            Label hint = new Label(row.hint());
            hint.getStyleClass().add("muted");
            if (row.field().isPresent()) {
                hint.setWrapText(true);
                form.addRow(index, label, control(row.field().get()), hint);
            } else {
                form.add(label, 0, index);
                form.add(hint, 1, index, 2, 1);
            }
            index++;
        }
        fitWindow();
    }

    private Node control(Field field) {
        return switch (field) {
            case PIXEL_FORMAT -> pick("camera-pixel-format", vm.gige().pixelFormat());
            case TRIGGER -> pick("camera-trigger", vm.gige().trigger());
            case WIDTH -> whole("camera-width", vm.gige().width());
            case HEIGHT -> whole("camera-height", vm.gige().height());
            case OFFSET_X -> whole("camera-offset-x", vm.gige().offsetX());
            case OFFSET_Y -> whole("camera-offset-y", vm.gige().offsetY());
            case FPS -> decimal("camera-fps", vm.gige().fps());
            case EXPOSURE -> analog("camera-exposure", vm.gige().exposure());
            case GAIN -> analog("camera-gain", vm.gige().gain());
            case USB_WIDTH -> request("camera-usb-width", vm.usb().width());
            case USB_HEIGHT -> request("camera-usb-height", vm.usb().height());
            case USB_FPS -> request("camera-usb-fps", vm.usb().fps());
        };
    }

    private static ComboBox<String> pick(String id, Pick pick) {
        ComboBox<String> box = new ComboBox<>(pick.items());
        box.setId(id);
        box.valueProperty().bindBidirectional(pick.value());
        return box;
    }

    private static Spinner<Integer> whole(String id, Whole whole) {
        Spinner<Integer> spinner = new Spinner<>();
        IntRange range = whole.range();
        SpinnerValueFactory.IntegerSpinnerValueFactory factory = new SpinnerValueFactory.IntegerSpinnerValueFactory(
                range.min(), range.max(), whole.value().get(), range.increment());
        // a typed value leaves the field as the nearest one the camera takes (bounds and step)
        factory.setConverter(lenient(spinner, whole::parse, i -> Integer.toString(i)));
        return editable(id, spinner, factory, whole.value(), whole.text());
    }

    private static Spinner<Double> decimal(String id, Decimal decimal) {
        Spinner<Double> spinner = new Spinner<>();
        DoubleRange range = decimal.range().orElseThrow();
        SpinnerValueFactory.DoubleSpinnerValueFactory factory = new SpinnerValueFactory.DoubleSpinnerValueFactory(
                range.min(), range.max(), decimal.value().get(), decimal.step());
        factory.setConverter(lenient(spinner, decimal::parse, CameraSettingsDialog::number));
        return editable(id, spinner, factory, decimal.value(), decimal.text());
    }

    private static <T> Spinner<T> editable(String id, Spinner<T> spinner, SpinnerValueFactory<T> factory,
                                           javafx.beans.property.Property<T> value, StringProperty text) {
        spinner.setId(id);
        spinner.setValueFactory(factory);
        spinner.setEditable(true);
        spinner.setPrefWidth(150);
        factory.valueProperty().bindBidirectional(value);
        spinner.getEditor().textProperty().bindBidirectional(text);
        return spinner;
    }

    /** Exposure or gain: a spinner when the camera has a fixed range, "Automatic" when it has that. */
    private static HBox analog(String id, Decimal decimal) {
        HBox controls = new HBox(8);
        controls.setAlignment(Pos.CENTER_LEFT);
        Optional<Spinner<Double>> spinner = decimal.range().map(r -> decimal(id, decimal));
        spinner.ifPresent(controls.getChildren()::add);
        if (decimal.autoOffered()) {
            CheckBox auto = new CheckBox("Automatic");
            auto.setId(id + "-auto");
            auto.setMinWidth(Region.USE_PREF_SIZE);
            auto.selectedProperty().bindBidirectional(decimal.auto());
            auto.setDisable(decimal.autoLocked());
            spinner.ifPresent(s -> s.disableProperty().bind(auto.selectedProperty()));
            controls.getChildren().add(auto);
        }
        return controls;
    }

    private static TextField request(String id, StringProperty text) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText("camera default");
        field.textProperty().bindBidirectional(text);
        return field;
    }

    /** The form arrives after the window was sized for the "reading" line: grow it to show everything. */
    private void fitWindow() {
        if (getDialogPane().getScene() != null && getDialogPane().getScene().getWindow() != null) {
            getDialogPane().getScene().getWindow().sizeToScene();
        }
    }

    /** A converter that keeps the spinner's value when the text is not a number, instead of throwing on the FX thread. */
    static <T> StringConverter<T> lenient(Spinner<T> spinner, Function<String, T> parse, Function<T, String> format) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : format.apply(value);
            }

            @Override
            public T fromString(String text) {
                return CameraFields.lenient(text, parse, spinner.getValue());
            }
        };
    }

    /** Plain decimal text without a locale's separators: {@code 10000}, {@code 2.5}. */
    static String number(double v) {
        return CameraFields.number(v);
    }
}

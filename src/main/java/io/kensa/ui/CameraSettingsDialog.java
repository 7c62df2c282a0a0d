package io.kensa.ui;

import io.kensa.capture.CaptureException;
import io.kensa.capture.SourceSpec;
import io.kensa.capture.gige.CameraFeatures;
import io.kensa.capture.gige.CameraFeatures.DoubleRange;
import io.kensa.capture.gige.CameraFeatures.IntRange;
import io.kensa.capture.gige.CameraSetting;
import io.kensa.capture.gige.GigeSourceSettings;
import io.kensa.inspect.Workstation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.concurrent.Task;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Camera settings" for a camera source: it starts from the settings the camera runs with (the recipe's, this
 * session's, the source's own) and ends with "Save to recipe" (the recipe's {@code camera} map, a new recipe version)
 * or "Use for this session only". For {@code gige://} the camera is opened briefly on a background thread and asked
 * what it offers (sizes, pixel formats, exposure, gain, frame rate, trigger, with their ranges); the dialog shows
 * controls for exactly those and a note for the rest. For {@code usb:} (nothing can be asked before the camera
 * opens) it shows width, height and frame rate requests. Call it while capture from that camera is stopped: a GigE
 * camera takes one controller at a time.
 */
final class CameraSettingsDialog extends Dialog<CameraSettingsDialog.Choice> {
    private static final Logger LOG = LoggerFactory.getLogger(CameraSettingsDialog.class);
    static final ButtonType SAVE = new ButtonType("Save to recipe", ButtonBar.ButtonData.OK_DONE);
    static final ButtonType SESSION = new ButtonType("Use for this session only", ButtonBar.ButtonData.APPLY);
    static final String NOT_OFFERED = "not offered by this camera";

    final Label status = new Label();
    final ProgressIndicator progress = new ProgressIndicator();
    final Button retry = new Button("Try again");
    final GridPane form = new GridPane();
    final Label notes = new Label();
    final Label error = new Label();

    // gige:// controls, filled from the camera's features
    final ComboBox<String> pixelFormat = new ComboBox<>();
    final Spinner<Integer> width = new Spinner<>();
    final Spinner<Integer> height = new Spinner<>();
    final Spinner<Integer> offsetX = new Spinner<>();
    final Spinner<Integer> offsetY = new Spinner<>();
    final Spinner<Double> fps = new Spinner<>();
    final Spinner<Double> exposure = new Spinner<>();
    final CheckBox exposureAuto = new CheckBox("Automatic");
    final Spinner<Double> gain = new Spinner<>();
    final CheckBox gainAuto = new CheckBox("Automatic");
    final ComboBox<String> trigger = new ComboBox<>();

    // usb: requests (empty = the camera's own mode)
    final TextField usbWidth = new TextField();
    final TextField usbHeight = new TextField();
    final TextField usbFps = new TextField();

    private final BooleanProperty ready = new SimpleBooleanProperty(false);
    private final Map<String, String> start;
    private final List<String> unknown = new ArrayList<>();
    private GigeSourceSettings gige;
    private SourceSpec usb;
    private CameraFeatures features;
    private Task<CameraFeatures> reading;
    private Choice chosen;

    /**
     * What the user chose.
     *
     * @param camera       the camera without settings ({@code gige://Fake_1}, {@code usb:0}): what the station remembers
     * @param settings     the chosen settings by key, in the order they are applied
     * @param saveToRecipe "Save to recipe" (true) or "Use for this session only"
     */
    record Choice(String camera, Map<String, String> settings, boolean saveToRecipe) {
        Choice {
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }
    }

    /**
     * @param spec  the source as picked (its own settings, if any, are in {@code start} too)
     * @param start the settings to show first, by key: what the camera runs with now (recipe, session, spec)
     */
    CameraSettingsDialog(String spec, Map<String, String> start) {
        this.start = new LinkedHashMap<>(start);
        setTitle("Kensa — camera settings");
        setHeaderText(Workstation.cameraOnly(spec));
        setResizable(true);
        form.setHgap(10);
        form.setVgap(8);
        notes.setWrapText(true);
        notes.getStyleClass().add("muted");
        error.setWrapText(true);
        error.getStyleClass().add("error-text");
        status.setWrapText(true);
        progress.setPrefSize(18, 18);
        progress.setVisible(false);
        progress.managedProperty().bind(progress.visibleProperty());
        // ids: a window that opens this dialog can be driven by its controls (tests, accessibility tools)
        pixelFormat.setId("camera-pixel-format");
        width.setId("camera-width");
        height.setId("camera-height");
        exposureAuto.setMinWidth(Region.USE_PREF_SIZE);
        gainAuto.setMinWidth(Region.USE_PREF_SIZE);
        retry.setVisible(false);
        retry.managedProperty().bind(retry.visibleProperty());
        retry.setOnAction(e -> readFeatures());
        HBox top = new HBox(8, progress, status, retry);
        top.setAlignment(Pos.CENTER_LEFT);
        Label help = new Label("Save to recipe: every station on this recipe uses these settings (the recipe gets a new "
                + "version, which inspections record). Use for this session only: until Kensa closes; the recipe is unchanged.");
        help.setWrapText(true);
        help.getStyleClass().add("muted");
        VBox content = new VBox(12, top, form, notes, error, help);
        content.setPadding(new Insets(12));
        content.setPrefWidth(640);
        getDialogPane().setContent(content);
        getDialogPane().getStylesheets().add(CameraSettingsDialog.class.getResource("kensa.css").toExternalForm());
        getDialogPane().getButtonTypes().setAll(SESSION, SAVE, ButtonType.CANCEL);
        for (ButtonType type : List.of(SAVE, SESSION)) {
            Node button = getDialogPane().lookupButton(type);
            button.disableProperty().bind(ready.not());
            button.addEventFilter(ActionEvent.ACTION, e -> {
                try {
                    chosen = gige != null ? gigeChoice(type == SAVE) : usbChoice(type == SAVE);
                    error.setText("");
                } catch (CaptureException ex) {
                    error.setText(ex.getMessage());
                    fitWindow();
                    e.consume();
                }
            });
        }
        setResultConverter(b -> b == SAVE || b == SESSION ? chosen : null);
        setOnHidden(e -> {
            if (reading != null) {
                reading.cancel();
            }
        });
        start(spec);
    }

    /**
     * Shows the settings of the camera named by {@code spec} ({@code gige://…} or {@code usb:…}) over {@code owner},
     * starting from {@code start}, and returns what was chosen; empty when cancelled. Stop capture from that camera first.
     */
    static Optional<Choice> edit(Window owner, String spec, Map<String, String> start) {
        CameraSettingsDialog dialog = new CameraSettingsDialog(spec, start);
        dialog.initOwner(owner);
        return dialog.showAndWait();
    }

    private void start(String spec) {
        SourceSpec parsed;
        try {
            parsed = SourceSpec.parse(spec);
            if (parsed.scheme().equals("gige")) {
                Map<String, String> known = new LinkedHashMap<>();
                start.forEach((key, value) -> CameraSetting.byKey(key).ifPresentOrElse(s -> known.put(s.key(), value),
                        () -> unknown.add(key + "=" + value + " is not a camera setting Kensa knows and is left out.")));
                gige = GigeSourceSettings.parse(Workstation.cameraOnly(spec)).withSettings(known);
                readFeatures();
            } else if (parsed.scheme().equals("usb")) {
                usb = SourceSpec.parse(Workstation.cameraOnly(spec));
                showUsbForm();
            } else {
                fail("'" + spec + "' is a " + parsed.scheme() + ": source, not a camera. Camera settings are for "
                        + "usb: and gige:// sources (Find cameras lists them).");
            }
        } catch (CaptureException e) {
            fail(e.getMessage());
        }
    }

    private void fail(String message) {
        progress.setVisible(false);
        status.setText(message);
        status.getStyleClass().setAll("label", "error-text");
    }

    /** Opens the camera on a background thread and builds the form from what it offers. */
    void readFeatures() {
        ready.set(false);
        retry.setVisible(false);
        progress.setVisible(true);
        form.getChildren().clear();
        status.getStyleClass().setAll("label");
        status.setText("Asking camera '" + gige.address() + "' what it offers…");
        GigeSourceSettings target = gige;
        Task<CameraFeatures> task = new Task<>() {
            @Override
            protected CameraFeatures call() throws CaptureException {
                return target.readFeatures();
            }
        };
        reading = task;
        task.setOnSucceeded(e -> showGigeForm(task.getValue()));
        task.setOnFailed(e -> {
            Throwable t = task.getException();
            if (t instanceof CaptureException) {
                fail(t.getMessage());
            } else {
                LOG.warn("Reading the features of camera '{}' failed", target.address(), t);
                fail("Reading camera '" + target.address() + "' failed (" + t.getClass().getSimpleName() + ": "
                        + t.getMessage() + "). Check the camera and try again; the log has the details.");
            }
            retry.setVisible(true);
            fitWindow();
        });
        Thread thread = new Thread(task, "camera-features");
        thread.setDaemon(true);
        thread.start();
    }

    private void showGigeForm(CameraFeatures f) {
        features = f;
        progress.setVisible(false);
        status.getStyleClass().setAll("label", "pane-title");
        status.setText(String.join(" ", f.vendor(), f.model()).strip()
                + (f.serialNumber().isEmpty() ? "" : "  (serial " + f.serialNumber() + ")"));
        List<String> noteLines = new ArrayList<>();
        int row = 0;

        if (f.pixelFormats().isEmpty()) {
            addUnavailable(row++, "Pixel format", "the camera offers no format Kensa can show (" + f.current().getOrDefault("pixelFormat", "?") + ")");
        } else {
            pixelFormat.getItems().setAll(f.pixelFormats());
            pixelFormat.setValue(pick(f.pixelFormats(), initial(CameraSetting.PIXEL_FORMAT)));
            addRow(row++, "Pixel format", pixelFormat, f.pixelFormats().size() + " offered by the camera");
        }

        setInt(width, f.width(), initial(CameraSetting.WIDTH));
        addRow(row++, "Width (px)", width, range(f.width()));
        setInt(height, f.height(), initial(CameraSetting.HEIGHT));
        addRow(row++, "Height (px)", height, range(f.height()));
        if (f.offsetX().isPresent() && f.offsetY().isPresent()) {
            setInt(offsetX, f.offsetX().get(), initial(CameraSetting.OFFSET_X));
            addRow(row++, "Offset X (px)", offsetX, "offset + width ≤ " + f.width().max());
            setInt(offsetY, f.offsetY().get(), initial(CameraSetting.OFFSET_Y));
            addRow(row++, "Offset Y (px)", offsetY, "offset + height ≤ " + f.height().max());
        } else {
            addUnavailable(row++, "Region offset", NOT_OFFERED);
        }

        if (f.frameRate().isPresent()) {
            setDouble(fps, f.frameRate().get(), initial(CameraSetting.FPS));
            addRow(row++, "Frame rate (fps)", fps, range(f.frameRate().get()));
        } else {
            addUnavailable(row++, "Frame rate", NOT_OFFERED);
        }
        row = analogRow(row, "Exposure (µs)", CameraSetting.EXPOSURE, exposure, exposureAuto, f.exposureMicros(), f.exposureAuto(), noteLines);
        row = analogRow(row, "Gain", CameraSetting.GAIN, gain, gainAuto, f.gain(), f.gainAuto(), noteLines);

        if (f.triggerModes().isEmpty()) {
            addUnavailable(row, "Trigger", NOT_OFFERED + " (free running)");
        } else {
            trigger.getItems().setAll(f.triggerModes());
            trigger.setValue(pick(f.triggerModes(), initial(CameraSetting.TRIGGER)));
            addRow(row, "Trigger", trigger, "off = free running; Software = Kensa triggers");
        }

        Map<String, String> kept = gigeSettings();
        gige.settings().forEach((key, value) -> {
            if (!kept.containsKey(key)) {
                noteLines.add(key + "=" + value + " (recipe or source) is " + NOT_OFFERED + " and is left out.");
            }
        });
        noteLines.addAll(unknown);
        notes.setText(String.join("\n", noteLines));
        ready.set(true);
        fitWindow();
    }

    private int analogRow(int row, String label, CameraSetting setting, Spinner<Double> spinner, CheckBox auto,
                          Optional<DoubleRange> range, boolean hasAuto, List<String> noteLines) {
        if (range.isEmpty() && !hasAuto) {
            addUnavailable(row, label, NOT_OFFERED);
            return row + 1;
        }
        String wanted = initial(setting);
        boolean wantsAuto = "auto".equalsIgnoreCase(wanted);
        if (wantsAuto && !hasAuto) {
            noteLines.add(setting.key() + "=auto: this camera has no automatic " + setting.key() + "; choose a fixed value.");
        }
        HBox controls = new HBox(8);
        controls.setAlignment(Pos.CENTER_LEFT);
        if (range.isPresent()) {
            String fixed = wantsAuto ? features.current().getOrDefault(setting.key(), "") : wanted;
            setDouble(spinner, range.get(), fixed);
            controls.getChildren().add(spinner);
        }
        if (hasAuto) {
            auto.setSelected(wantsAuto || range.isEmpty());
            auto.setDisable(range.isEmpty());
            spinner.disableProperty().bind(auto.selectedProperty());
            controls.getChildren().add(auto);
        }
        addRow(row, label, controls, range.map(CameraSettingsDialog::range).orElse("automatic only"));
        return row + 1;
    }

    /** The value to show first: the one the camera runs with (recipe, session, source), else the camera's present value. */
    private String initial(CameraSetting setting) {
        String fromSpec = gige.settings().get(setting.key());
        return fromSpec != null ? fromSpec : features.current().getOrDefault(setting.key(), "");
    }

    /** The chosen values for every feature the camera offers, plus the spec's stream settings, as spec keys. */
    private Map<String, String> gigeSettings() {
        Map<String, String> out = new LinkedHashMap<>();
        if (!features.pixelFormats().isEmpty() && pixelFormat.getValue() != null) {
            out.put(CameraSetting.PIXEL_FORMAT.key(), pixelFormat.getValue());
        }
        out.put(CameraSetting.WIDTH.key(), Integer.toString(width.getValue()));
        out.put(CameraSetting.HEIGHT.key(), Integer.toString(height.getValue()));
        if (features.offsetX().isPresent() && features.offsetY().isPresent()) {
            out.put(CameraSetting.OFFSET_X.key(), Integer.toString(offsetX.getValue()));
            out.put(CameraSetting.OFFSET_Y.key(), Integer.toString(offsetY.getValue()));
        }
        if (features.frameRate().isPresent()) {
            out.put(CameraSetting.FPS.key(), number(fps.getValue()));
        }
        putAnalog(out, CameraSetting.EXPOSURE, exposure, exposureAuto, features.exposureMicros(), features.exposureAuto());
        putAnalog(out, CameraSetting.GAIN, gain, gainAuto, features.gain(), features.gainAuto());
        if (!features.triggerModes().isEmpty() && trigger.getValue() != null) {
            out.put(CameraSetting.TRIGGER.key(), trigger.getValue());
        }
        for (CameraSetting stream : List.of(CameraSetting.BUFFERS, CameraSetting.TIMEOUT_MS)) {
            String value = gige.settings().get(stream.key());
            if (value != null) {
                out.put(stream.key(), value);
            }
        }
        return out;
    }

    private static void putAnalog(Map<String, String> out, CameraSetting setting, Spinner<Double> spinner, CheckBox auto,
                                  Optional<DoubleRange> range, boolean hasAuto) {
        if (hasAuto && auto.isSelected()) {
            out.put(setting.key(), "auto");
        } else if (range.isPresent()) {
            out.put(setting.key(), number(spinner.getValue()));
        }
    }

    /** Checks the typed values against the camera's ranges and builds the choice. */
    private Choice gigeChoice(boolean save) throws CaptureException {
        int w = commitInt(width, "Width", features.width());
        int h = commitInt(height, "Height", features.height());
        if (features.offsetX().isPresent() && features.offsetY().isPresent()) {
            int x = commitInt(offsetX, "Offset X", features.offsetX().get());
            int y = commitInt(offsetY, "Offset Y", features.offsetY().get());
            if (x + w > features.width().max()) {
                throw new CaptureException("Offset X " + x + " + width " + w + " is more than the sensor width "
                        + features.width().max() + ". Lower the offset or the width.");
            }
            if (y + h > features.height().max()) {
                throw new CaptureException("Offset Y " + y + " + height " + h + " is more than the sensor height "
                        + features.height().max() + ". Lower the offset or the height.");
            }
        }
        if (features.frameRate().isPresent()) {
            commitDouble(fps, "Frame rate", features.frameRate().get());
        }
        if (features.exposureMicros().isPresent() && !(features.exposureAuto() && exposureAuto.isSelected())) {
            commitDouble(exposure, "Exposure", features.exposureMicros().get());
        }
        if (features.gain().isPresent() && !(features.gainAuto() && gainAuto.isSelected())) {
            commitDouble(gain, "Gain", features.gain().get());
        }
        Map<String, String> settings = gigeSettings();
        gige.withSettings(settings).toSpec(); // checks the values: the camera opens as chosen
        return new Choice(gige.withSettings(Map.of()).toSpec(), settings, save);
    }

    private void showUsbForm() {
        status.setText("USB camera " + usb.target() + ": these are requests; the camera keeps its own mode when it "
                + "does not offer them (the live view then says what it gives).");
        Optional.ofNullable(start.get("width")).ifPresent(usbWidth::setText);
        Optional.ofNullable(start.get("height")).ifPresent(usbHeight::setText);
        Optional.ofNullable(start.get("fps")).ifPresent(usbFps::setText);
        usbWidth.setPromptText("camera default");
        usbHeight.setPromptText("camera default");
        usbFps.setPromptText("camera default");
        addRow(0, "Width (px)", usbWidth, "e.g. 1280");
        addRow(1, "Height (px)", usbHeight, "e.g. 720");
        addRow(2, "Frame rate (fps)", usbFps, "e.g. 30");
        notes.setText("A USB camera cannot be asked what it offers before it opens; leave a field empty for the camera's default.");
        ready.set(true);
        fitWindow();
    }

    /** The form arrives after the window was sized for the "reading" line: grow it to show everything. */
    private void fitWindow() {
        if (getDialogPane().getScene() != null && getDialogPane().getScene().getWindow() != null) {
            getDialogPane().getScene().getWindow().sizeToScene();
        }
    }

    private Choice usbChoice(boolean save) throws CaptureException {
        Map<String, String> settings = new LinkedHashMap<>();
        addParam(settings, "width", usbWidth.getText());
        addParam(settings, "height", usbHeight.getText());
        addParam(settings, "fps", usbFps.getText());
        List<String> params = new ArrayList<>();
        settings.forEach((k, v) -> params.add(k + "=" + v));
        String camera = "usb:" + usb.target();
        // parsing checks the numbers: whole positive width/height, fps above 0
        SourceSpec.parse(camera + (params.isEmpty() ? "" : "?" + String.join("&", params)));
        return new Choice(camera, settings, save);
    }

    private static void addParam(Map<String, String> params, String name, String value) {
        String v = value == null ? "" : value.strip();
        if (!v.isEmpty()) {
            params.put(name, v);
        }
    }

    private void addRow(int row, String label, Node control, String hint) {
        Label note = new Label(hint);
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        form.addRow(row, fixed(new Label(label)), control, note);
    }

    private void addUnavailable(int row, String label, String why) {
        Label note = new Label(why);
        note.getStyleClass().add("muted");
        form.add(fixed(new Label(label)), 0, row);
        form.add(note, 1, row, 2, 1);
    }

    private static Label fixed(Label label) {
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static void setInt(Spinner<Integer> spinner, IntRange range, String initial) {
        int value;
        try {
            value = range.fit(Integer.parseInt(initial.strip()));
        } catch (NumberFormatException e) {
            value = range.min();
        }
        SpinnerValueFactory.IntegerSpinnerValueFactory factory =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(range.min(), range.max(), value, range.increment());
        // a typed value leaves the field as the nearest one the camera takes (bounds and step)
        factory.setConverter(lenient(spinner, t -> range.fit(Integer.parseInt(t)), i -> Integer.toString(i)));
        spinner.setValueFactory(factory);
        spinner.setEditable(true);
        spinner.setPrefWidth(150);
    }

    private static void setDouble(Spinner<Double> spinner, DoubleRange range, String initial) {
        double value;
        try {
            value = range.fit(Double.parseDouble(initial.strip()));
        } catch (NumberFormatException e) {
            value = range.min();
        }
        SpinnerValueFactory.DoubleSpinnerValueFactory factory =
                new SpinnerValueFactory.DoubleSpinnerValueFactory(range.min(), range.max(), value, step(range));
        factory.setConverter(lenient(spinner, t -> range.fit(Double.parseDouble(t.replace(',', '.'))), CameraSettingsDialog::number));
        spinner.setValueFactory(factory);
        spinner.setEditable(true);
        spinner.setPrefWidth(150);
    }

    /** Reads the typed text (a spinner commits it only on Enter or focus loss) and checks it against the range. */
    private static int commitInt(Spinner<Integer> spinner, String what, IntRange range) throws CaptureException {
        String text = spinner.getEditor().getText().strip();
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new CaptureException(what + " '" + text + "' is not a whole number. The camera takes " + range(range) + ".");
        }
        if (!range.contains(value)) {
            throw new CaptureException(what + " " + value + " is not one the camera takes (" + range(range)
                    + "); the nearest is " + range.fit(value) + ".");
        }
        spinner.getValueFactory().setValue(value);
        return value;
    }

    private static void commitDouble(Spinner<Double> spinner, String what, DoubleRange range) throws CaptureException {
        String text = spinner.getEditor().getText().strip();
        double value;
        try {
            value = Double.parseDouble(text.replace(',', '.'));
        } catch (NumberFormatException e) {
            throw new CaptureException(what + " '" + text + "' is not a number. The camera takes " + range(range) + ".");
        }
        if (!Double.isFinite(value) || !range.contains(value)) {
            throw new CaptureException(what + " " + text + " is outside what the camera takes (" + range(range) + ").");
        }
        spinner.getValueFactory().setValue(value);
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
                try {
                    return parse.apply(text.strip());
                } catch (NumberFormatException e) {
                    return spinner.getValue();
                }
            }
        };
    }

    private static String pick(List<String> offered, String wanted) {
        return offered.stream().filter(o -> o.equalsIgnoreCase(wanted)).findFirst().orElse(offered.get(0));
    }

    private static String range(IntRange r) {
        return r.min() + "–" + r.max() + (r.increment() > 1 ? ", step " + r.increment() : "");
    }

    private static String range(DoubleRange r) {
        return number(r.min()) + "–" + number(r.max());
    }

    /** A step of 1, 2 or 5 × 10ⁿ giving about a hundred steps over the range. */
    static double step(DoubleRange r) {
        double raw = (r.max() - r.min()) / 100;
        if (!(raw > 0)) {
            return 1;
        }
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw >= 5 * decade ? 5 * decade : raw >= 2 * decade ? 2 * decade : decade;
        return Math.max(step, 0.001);
    }

    /** Plain decimal text without a locale's separators: {@code 10000}, {@code 2.5}. */
    static String number(double v) {
        return BigDecimal.valueOf(Math.round(v * 1000) / 1000.0).stripTrailingZeros().toPlainString();
    }
}

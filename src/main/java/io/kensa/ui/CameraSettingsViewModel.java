package io.kensa.ui;

import io.kensa.capture.CaptureException;
import io.kensa.capture.SourceSpec;
import io.kensa.capture.gige.CameraFeatures.DoubleRange;
import io.kensa.capture.gige.CameraFeatures;
import io.kensa.capture.gige.CameraSetting;
import io.kensa.capture.gige.GigeSourceSettings;
import io.kensa.ui.CameraFields.Decimal;
import io.kensa.ui.CameraFields.Pick;
import io.kensa.ui.CameraFields.Whole;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state and rules of "Camera settings": it starts from the settings the camera runs with (recipe, session,
 * source), asks a {@code gige://} camera what it offers on the background executor (sizes, pixel formats, exposure,
 * gain, frame rate, trigger, with their ranges), offers exactly those as {@link #rows()} and notes the rest, and turns
 * the values entered into a {@link Choice} ("Save to recipe" or "Use for this session only") or a message saying what
 * to fix. A {@code usb:} camera cannot be asked before it opens: it gets width, height and frame rate requests.
 * Commands are called on the fx thread; results of the camera read are published through the {@code fx} executor.
 */
public final class CameraSettingsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(CameraSettingsViewModel.class);
    static final String NOT_OFFERED = "not offered by this camera";

    /** How the status line reads: plain (working, USB), the camera's name, or an error. */
    public enum Tone { PLAIN, TITLE, ERROR }

    /** The controls a row can hold. */
    public enum Field { PIXEL_FORMAT, WIDTH, HEIGHT, OFFSET_X, OFFSET_Y, FPS, EXPOSURE, GAIN, TRIGGER, USB_WIDTH, USB_HEIGHT, USB_FPS }

    /**
     * One line of the form: a label, the control (empty when the camera does not offer it) and a hint (the range,
     * an example, or why it is not offered).
     */
    public record Row(String label, Optional<Field> field, String hint) {}

    /** What the user chose; see {@link CameraSettingsDialog.Choice}. */
    public record Choice(String camera, Map<String, String> settings, boolean saveToRecipe) {
        public Choice {
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }
    }

    /** Reads what a camera offers; blocks (the camera is opened briefly). */
    @FunctionalInterface
    public interface FeatureReader {
        CameraFeatures read(GigeSourceSettings camera) throws CaptureException;
    }

    private final String header;
    private final Map<String, String> start;
    private final FeatureReader reader;
    private final Executor background;
    private final Executor fx;
    private final AtomicInteger generation = new AtomicInteger();
    private final List<String> unknown = new ArrayList<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Tone> tone = new ReadOnlyObjectWrapper<>(Tone.PLAIN);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canRetry = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper notes = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);

    private final Pick pixelFormat = new Pick();
    private final Pick trigger = new Pick();
    private final Whole width = new Whole("Width");
    private final Whole height = new Whole("Height");
    private final Whole offsetX = new Whole("Offset X");
    private final Whole offsetY = new Whole("Offset Y");
    private final Decimal fps = new Decimal("Frame rate");
    private final Decimal exposure = new Decimal("Exposure");
    private final Decimal gain = new Decimal("Gain");
    private final StringProperty usbWidth = new SimpleStringProperty("");
    private final StringProperty usbHeight = new SimpleStringProperty("");
    private final StringProperty usbFps = new SimpleStringProperty("");

    private GigeSourceSettings gige;
    private SourceSpec usb;
    private CameraFeatures features;

    /**
     * @param spec   the source as picked (its own settings, if any, are in {@code start} too)
     * @param start  the settings to show first, by key: what the camera runs with now (recipe, session, spec)
     * @param reader asks a GigE camera what it offers ({@link GigeSourceSettings#readFeatures()} in the app)
     */
    public CameraSettingsViewModel(String spec, Map<String, String> start, FeatureReader reader, Executor background, Executor fx) {
        this.start = new LinkedHashMap<>(start);
        this.reader = reader;
        this.background = background;
        this.fx = fx;
        String camera;
        try {
            camera = SourceSpec.parse(spec).cameraOnly();
        } catch (CaptureException e) {
            camera = spec == null ? "" : spec.strip();
        }
        this.header = camera;
        open(spec);
    }

    private void open(String spec) {
        try {
            SourceSpec parsed = SourceSpec.parse(spec);
            if (parsed.scheme().equals("gige")) {
                Map<String, String> known = new LinkedHashMap<>();
                start.forEach((key, value) -> CameraSetting.byKey(key).ifPresentOrElse(s -> known.put(s.key(), value),
                        () -> unknown.add(key + "=" + value + " is not a camera setting Kensa knows and is left out.")));
                gige = GigeSourceSettings.parse(parsed.cameraOnly()).withSettings(known);
                readFeatures();
            } else if (parsed.scheme().equals("usb")) {
                usb = SourceSpec.parse(parsed.cameraOnly());
                showUsbForm();
            } else {
                fail("'" + spec + "' is a " + parsed.scheme() + ": source, not a camera. Camera settings are for "
                        + "usb: and gige:// sources (Find cameras lists them).");
            }
        } catch (CaptureException e) {
            fail(e.getMessage());
        }
    }

    /** Asks the camera what it offers on the background executor ("Try again" after a failure). */
    public void readFeatures() {
        if (gige == null) {
            return;
        }
        int run = generation.incrementAndGet();
        ready.set(false);
        canRetry.set(false);
        busy.set(true);
        rows.clear();
        tone.set(Tone.PLAIN);
        status.set("Asking camera '" + gige.address() + "' what it offers…");
        GigeSourceSettings target = gige;
        background.execute(() -> {
            try {
                CameraFeatures read = reader.read(target);
                publish(run, () -> showGigeForm(read));
            } catch (CaptureException e) {
                publish(run, () -> readFailed(e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("Reading the features of camera '{}' failed", target.address(), e);
                publish(run, () -> readFailed("Reading camera '" + target.address() + "' failed (" + e.getClass().getSimpleName()
                        + ": " + e.getMessage() + "). Check the camera and try again; the log has the details."));
            }
        });
    }

    /** The dialog is closed: a camera read still running is dropped. */
    public void close() {
        generation.incrementAndGet();
    }

    private void publish(int run, Runnable change) {
        fx.execute(() -> {
            if (generation.get() == run) {
                change.run();
            }
        });
    }

    private void readFailed(String message) {
        fail(message);
        canRetry.set(true);
    }

    private void fail(String message) {
        busy.set(false);
        status.set(message);
        tone.set(Tone.ERROR);
    }

    private void showGigeForm(CameraFeatures f) {
        features = f;
        busy.set(false);
        tone.set(Tone.TITLE);
        status.set(String.join(" ", f.vendor(), f.model()).strip()
                + (f.serialNumber().isEmpty() ? "" : "  (serial " + f.serialNumber() + ")"));
        List<Row> form = new ArrayList<>();
        List<String> noteLines = new ArrayList<>();
        if (f.pixelFormats().isEmpty()) {
            form.add(unavailable("Pixel format", "the camera offers no format Kensa can show ("
                    + f.current().getOrDefault("pixelFormat", "?") + ")"));
        } else {
            pixelFormat.offer(f.pixelFormats(), initial(CameraSetting.PIXEL_FORMAT));
            form.add(row("Pixel format", Field.PIXEL_FORMAT, f.pixelFormats().size() + " offered by the camera"));
        }
        width.offer(f.width(), initial(CameraSetting.WIDTH));
        form.add(row("Width (px)", Field.WIDTH, CameraFields.range(f.width())));
        height.offer(f.height(), initial(CameraSetting.HEIGHT));
        form.add(row("Height (px)", Field.HEIGHT, CameraFields.range(f.height())));
        if (hasOffsets()) {
            offsetX.offer(f.offsetX().get(), initial(CameraSetting.OFFSET_X));
            form.add(row("Offset X (px)", Field.OFFSET_X, "offset + width ≤ " + f.width().max()));
            offsetY.offer(f.offsetY().get(), initial(CameraSetting.OFFSET_Y));
            form.add(row("Offset Y (px)", Field.OFFSET_Y, "offset + height ≤ " + f.height().max()));
        } else {
            form.add(unavailable("Region offset", NOT_OFFERED));
        }
        if (f.frameRate().isPresent()) {
            fps.offer(f.frameRate(), false, initial(CameraSetting.FPS), false);
            form.add(row("Frame rate (fps)", Field.FPS, CameraFields.range(f.frameRate().get())));
        } else {
            form.add(unavailable("Frame rate", NOT_OFFERED));
        }
        form.add(analogRow("Exposure (µs)", Field.EXPOSURE, CameraSetting.EXPOSURE, exposure, f.exposureMicros(), f.exposureAuto(), noteLines));
        form.add(analogRow("Gain", Field.GAIN, CameraSetting.GAIN, gain, f.gain(), f.gainAuto(), noteLines));
        if (f.triggerModes().isEmpty()) {
            form.add(unavailable("Trigger", NOT_OFFERED + " (free running)"));
        } else {
            trigger.offer(f.triggerModes(), initial(CameraSetting.TRIGGER));
            form.add(row("Trigger", Field.TRIGGER, "off = free running; Software = Kensa triggers"));
        }
        Map<String, String> kept = gigeSettings();
        gige.settings().forEach((key, value) -> {
            if (!kept.containsKey(key)) {
                noteLines.add(key + "=" + value + " (recipe or source) is " + NOT_OFFERED + " and is left out.");
            }
        });
        noteLines.addAll(unknown);
        notes.set(String.join("\n", noteLines));
        rows.setAll(form);
        ready.set(true);
    }

    private Row analogRow(String label, Field field, CameraSetting setting, Decimal value, Optional<DoubleRange> range,
                          boolean hasAuto, List<String> noteLines) {
        if (range.isEmpty() && !hasAuto) {
            return unavailable(label, NOT_OFFERED);
        }
        String wanted = initial(setting);
        boolean wantsAuto = "auto".equalsIgnoreCase(wanted);
        if (wantsAuto && !hasAuto) {
            noteLines.add(setting.key() + "=auto: this camera has no automatic " + setting.key() + "; choose a fixed value.");
        }
        String fixed = wantsAuto ? features.current().getOrDefault(setting.key(), "") : wanted;
        value.offer(range, hasAuto, fixed, wantsAuto || range.isEmpty());
        return row(label, field, range.map(CameraFields::range).orElse("automatic only"));
    }

    /** The value to show first: the one the camera runs with (recipe, session, source), else the camera's present value. */
    private String initial(CameraSetting setting) {
        String fromSpec = gige.settings().get(setting.key());
        return fromSpec != null ? fromSpec : features.current().getOrDefault(setting.key(), "");
    }

    private boolean hasOffsets() {
        return features.offsetX().isPresent() && features.offsetY().isPresent();
    }

    /** The chosen values for every feature the camera offers, plus the spec's stream settings, as spec keys. */
    private Map<String, String> gigeSettings() {
        Map<String, String> out = new LinkedHashMap<>();
        if (!features.pixelFormats().isEmpty() && pixelFormat.value().get() != null) {
            out.put(CameraSetting.PIXEL_FORMAT.key(), pixelFormat.value().get());
        }
        out.put(CameraSetting.WIDTH.key(), Integer.toString(width.value().get()));
        out.put(CameraSetting.HEIGHT.key(), Integer.toString(height.value().get()));
        if (hasOffsets()) {
            out.put(CameraSetting.OFFSET_X.key(), Integer.toString(offsetX.value().get()));
            out.put(CameraSetting.OFFSET_Y.key(), Integer.toString(offsetY.value().get()));
        }
        if (features.frameRate().isPresent()) {
            out.put(CameraSetting.FPS.key(), CameraFields.number(fps.value().get()));
        }
        exposure.putInto(out, CameraSetting.EXPOSURE);
        gain.putInto(out, CameraSetting.GAIN);
        if (!features.triggerModes().isEmpty() && trigger.value().get() != null) {
            out.put(CameraSetting.TRIGGER.key(), trigger.value().get());
        }
        for (CameraSetting stream : List.of(CameraSetting.BUFFERS, CameraSetting.TIMEOUT_MS)) {
            String value = gige.settings().get(stream.key());
            if (value != null) {
                out.put(stream.key(), value);
            }
        }
        return out;
    }

    /**
     * "Save to recipe" ({@code true}) or "Use for this session only": checks what was entered and returns the choice,
     * or empty with {@link #error()} saying what to fix (the dialog then stays open).
     */
    public Optional<Choice> choose(boolean saveToRecipe) {
        if (!ready.get()) {
            return Optional.empty();
        }
        try {
            Choice choice = gige != null ? gigeChoice(saveToRecipe) : usbChoice(saveToRecipe);
            error.set("");
            return Optional.of(choice);
        } catch (CaptureException e) {
            error.set(e.getMessage());
            return Optional.empty();
        }
    }

    /** Checks the typed values against the camera's ranges and builds the choice. */
    private Choice gigeChoice(boolean save) throws CaptureException {
        int w = width.commit(features.width());
        int h = height.commit(features.height());
        if (hasOffsets()) {
            int x = offsetX.commit(features.offsetX().get());
            int y = offsetY.commit(features.offsetY().get());
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
            fps.commit();
        }
        if (features.exposureMicros().isPresent() && !exposure.isAuto()) {
            exposure.commit();
        }
        if (features.gain().isPresent() && !gain.isAuto()) {
            gain.commit();
        }
        Map<String, String> settings = gigeSettings();
        gige.withSettings(settings).toSpec(); // checks the values: the camera opens as chosen
        return new Choice(gige.withSettings(Map.of()).toSpec(), settings, save);
    }

    private void showUsbForm() {
        status.set("USB camera " + usb.target() + ": these are requests; the camera keeps its own mode when it "
                + "does not offer them (the live view then says what it gives).");
        usbWidth.set(start.getOrDefault("width", ""));
        usbHeight.set(start.getOrDefault("height", ""));
        usbFps.set(start.getOrDefault("fps", ""));
        rows.setAll(row("Width (px)", Field.USB_WIDTH, "e.g. 1280"), row("Height (px)", Field.USB_HEIGHT, "e.g. 720"),
                row("Frame rate (fps)", Field.USB_FPS, "e.g. 30"));
        notes.set("A USB camera cannot be asked what it offers before it opens; leave a field empty for the camera's default.");
        ready.set(true);
    }

    private Choice usbChoice(boolean save) throws CaptureException {
        Map<String, String> settings = new LinkedHashMap<>();
        addParam(settings, "width", usbWidth.get());
        addParam(settings, "height", usbHeight.get());
        addParam(settings, "fps", usbFps.get());
        // parsing checks the numbers: whole positive width/height, fps above 0
        usb.withSettings(settings);
        return new Choice(usb.cameraOnly(), settings, save);
    }

    private static void addParam(Map<String, String> params, String name, String value) {
        String v = value == null ? "" : value.strip();
        if (!v.isEmpty()) {
            params.put(name, v);
        }
    }

    private static Row row(String label, Field field, String hint) {
        return new Row(label, Optional.of(field), hint);
    }

    private static Row unavailable(String label, String why) {
        return new Row(label, Optional.empty(), why);
    }

    public String header() {
        return header;
    }

    public ReadOnlyStringProperty status() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tone> tone() {
        return tone.getReadOnlyProperty();
    }

    /** The camera is being asked what it offers. */
    public ReadOnlyBooleanProperty busy() {
        return busy.getReadOnlyProperty();
    }

    /** Reading the camera failed: "Try again" is offered. */
    public ReadOnlyBooleanProperty canRetry() {
        return canRetry.getReadOnlyProperty();
    }

    /** The form is there: Save to recipe and Use for this session only can be pressed. */
    public ReadOnlyBooleanProperty ready() {
        return ready.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty notes() {
        return notes.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty error() {
        return error.getReadOnlyProperty();
    }

    /** The form's rows, in order; replaced when the camera answers. */
    public ObservableList<Row> rows() {
        return rowsView;
    }

    public Pick pixelFormat() {
        return pixelFormat;
    }

    public Pick trigger() {
        return trigger;
    }

    public Whole width() {
        return width;
    }

    public Whole height() {
        return height;
    }

    public Whole offsetX() {
        return offsetX;
    }

    public Whole offsetY() {
        return offsetY;
    }

    public Decimal fps() {
        return fps;
    }

    public Decimal exposure() {
        return exposure;
    }

    public Decimal gain() {
        return gain;
    }

    /** USB requests as typed; empty means the camera's default. */
    public StringProperty usbWidth() {
        return usbWidth;
    }

    public StringProperty usbHeight() {
        return usbHeight;
    }

    public StringProperty usbFps() {
        return usbFps;
    }
}

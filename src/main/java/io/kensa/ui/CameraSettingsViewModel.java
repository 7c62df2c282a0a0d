package io.kensa.ui;

import io.kensa.capture.CaptureException;
import io.kensa.capture.SourceSpec;
import io.kensa.capture.gige.CameraFeatures;
import io.kensa.capture.gige.CameraSetting;
import io.kensa.capture.gige.GigeSourceSettings;
import io.kensa.ui.CameraForm.Layout;
import io.kensa.ui.CameraForm.Row;
import java.util.ArrayList;
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
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state and rules of "Camera settings": it starts from the settings the camera runs with (recipe, session,
 * source), asks a {@code gige://} camera what it offers on the background executor and shows its
 * {@link GigeCameraForm}, or shows a {@code usb:} camera's {@link UsbCameraForm} at once (it cannot be asked before it
 * opens), and turns the values entered into a {@link CameraChoice} ("Save to recipe" or "Use for this session only")
 * or a message saying what to fix. Commands are called on the fx thread; results of the camera read are published
 * through the {@code fx} executor.
 */
public final class CameraSettingsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(CameraSettingsViewModel.class);

    /** How the status line reads: plain (working, USB), the camera's name, or an error. */
    public enum Tone { PLAIN, TITLE, ERROR }

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
    private final GigeCameraForm gigeForm = new GigeCameraForm();
    private final UsbCameraForm usbForm = new UsbCameraForm();
    /** the camera to ask, for a gige:// source */
    private Optional<GigeSourceSettings> gige = Optional.empty();
    /** the form shown, once there is one */
    private Optional<CameraForm> form = Optional.empty();

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
                gige = Optional.of(GigeSourceSettings.parse(parsed.cameraOnly()).withSettings(known));
                readFeatures();
            } else if (parsed.scheme().equals("usb")) {
                showUsbForm(SourceSpec.parse(parsed.cameraOnly()));
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
        if (gige.isEmpty()) {
            return;
        }
        int run = generation.incrementAndGet();
        ready.set(false);
        canRetry.set(false);
        busy.set(true);
        rows.clear();
        tone.set(Tone.PLAIN);
        GigeSourceSettings target = gige.get();
        status.set("Asking camera '" + target.address() + "' what it offers…");
        background.execute(() -> {
            try {
                CameraFeatures read = reader.read(target);
                publish(run, () -> showGigeForm(target, read));
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

    private void showGigeForm(GigeSourceSettings camera, CameraFeatures offered) {
        busy.set(false);
        tone.set(Tone.TITLE);
        status.set(String.join(" ", offered.vendor(), offered.model()).strip()
                + (offered.serialNumber().isEmpty() ? "" : "  (serial " + offered.serialNumber() + ")"));
        Layout layout = gigeForm.offer(camera, offered);
        List<String> noteLines = new ArrayList<>(layout.notes());
        noteLines.addAll(unknown);
        show(gigeForm, layout.rows(), noteLines);
    }

    private void showUsbForm(SourceSpec camera) {
        Layout layout = usbForm.offer(camera, start);
        status.set(usbForm.describe());
        show(usbForm, layout.rows(), layout.notes());
    }

    private void show(CameraForm shown, List<Row> formRows, List<String> noteLines) {
        form = Optional.of(shown);
        notes.set(String.join("\n", noteLines));
        rows.setAll(formRows);
        ready.set(true);
    }

    /**
     * "Save to recipe" ({@code true}) or "Use for this session only": checks what was entered and returns the choice,
     * or empty with {@link #error()} saying what to fix (the dialog then stays open).
     */
    public Optional<CameraChoice> choose(boolean saveToRecipe) {
        if (!ready.get() || form.isEmpty()) {
            return Optional.empty();
        }
        try {
            CameraChoice choice = form.get().choose(saveToRecipe);
            error.set("");
            return Optional.of(choice);
        } catch (CaptureException e) {
            error.set(e.getMessage());
            return Optional.empty();
        }
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

    /** The fields of a GigE camera's form (their values are those the camera offered once {@link #ready()}). */
    GigeCameraForm gige() {
        return gigeForm;
    }

    /** The requests of a USB camera's form. */
    UsbCameraForm usb() {
        return usbForm;
    }
}

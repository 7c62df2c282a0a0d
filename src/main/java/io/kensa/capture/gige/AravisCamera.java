package io.kensa.capture.gige;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.DoubleByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.kensa.capture.CaptureException;
import io.kensa.capture.gige.CameraFeatures.DoubleRange;
import io.kensa.capture.gige.CameraFeatures.IntRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One open {@code ArvCamera}: identity, feature discovery and settings. Owns the native camera and releases it
 * in {@link #close()}. Not thread-safe; {@link GigeVisionSource} serialises access.
 */
final class AravisCamera implements AutoCloseable {

    /** Ids of Aravis' in-process fake cameras ({@code Fake_1}): a camera without hardware for demos and tests. */
    static final String FAKE_PREFIX = "Fake_";

    private final Aravis aravis;
    private final Aravis.Lib arv;
    private final String address;
    private Pointer camera;
    // the GigE device whose control privilege Aravis' heartbeat thread watches; null for other kinds of camera,
    // and for a GigE camera Kensa did not get control of (nothing to lose then)
    private final Pointer controlledGvDevice;

    private AravisCamera(Aravis aravis, String address, Pointer camera) {
        this.aravis = aravis;
        this.arv = aravis.arv;
        this.address = address;
        this.camera = camera;
        Pointer device = flag(arv.arv_camera_is_gv_device(camera)) ? arv.arv_camera_get_device(camera) : null;
        controlledGvDevice = device != null && flag(arv.arv_gv_device_is_controller(device)) ? device : null;
    }

    /**
     * Opens the camera at an IP address / host name, or by Aravis device id (e.g. {@code Basler-21234567}). An IP
     * address is contacted directly (unicast); an id not seen before makes Aravis run a discovery broadcast.
     */
    static AravisCamera open(Aravis aravis, String address) throws CaptureException {
        PointerByReference error = new PointerByReference();
        Pointer camera;
        synchronized (Aravis.REGISTRY) {
            if (address.startsWith(FAKE_PREFIX)) {
                // Aravis' in-process fake camera (no sockets); its interface is off unless asked for, and looking an
                // unknown id up on the other interfaces would broadcast a discovery on every network
                aravis.arv.arv_enable_interface("Fake");
            }
            camera = arv(aravis).arv_camera_new(address, error);
        }
        try {
            aravis.check(error, "Cannot open GigE Vision camera '" + address + "'");
        } catch (CaptureException e) {
            if (camera != null) {
                aravis.glib.g_object_unref(camera);
            }
            throw new CaptureException(e.getMessage() + ". Check the address or camera id, that the camera is "
                    + "powered and reachable, and that no other program holds it (Find cameras lists what is visible).");
        }
        if (camera == null) {
            throw new CaptureException("Cannot open GigE Vision camera '" + address + "': no such camera. "
                    + "Check the address or camera id (Find cameras lists what is visible).");
        }
        return new AravisCamera(aravis, address, camera);
    }

    private static Aravis.Lib arv(Aravis aravis) {
        return aravis.arv;
    }

    String address() {
        return address;
    }

    Pointer handle() {
        return camera;
    }

    /**
     * True once Aravis' heartbeat found that this GigE camera no longer counts Kensa as its controller (it stopped
     * answering for about 5 s, was power-cycled, or another program took it over). Polled, not signalled: see
     * {@link Aravis.GLib}.
     */
    boolean controlLost() {
        return controlledGvDevice != null && !flag(arv.arv_gv_device_is_controller(controlledGvDevice));
    }

    String deviceId() {
        return text(read(e -> arv.arv_camera_get_device_id(camera, e)));
    }

    CameraFeatures features() throws CaptureException {
        PointerByReference error = new PointerByReference();
        String vendor = text(read(e -> arv.arv_camera_get_vendor_name(camera, e)));
        String model = text(read(e -> arv.arv_camera_get_model_name(camera, e)));
        String serial = text(read(e -> arv.arv_camera_get_device_serial_number(camera, e)));

        IntByReference min = new IntByReference();
        IntByReference max = new IntByReference();
        arv.arv_camera_get_width_bounds(camera, min, max, error);
        aravis.check(error, "Cannot read the width range of camera '" + address + "'");
        IntRange width = new IntRange(min.getValue(), max.getValue(), read(e -> arv.arv_camera_get_width_increment(camera, e)));
        arv.arv_camera_get_height_bounds(camera, min, max, error);
        aravis.check(error, "Cannot read the height range of camera '" + address + "'");
        IntRange height = new IntRange(min.getValue(), max.getValue(), read(e -> arv.arv_camera_get_height_increment(camera, e)));

        Optional<IntRange> offsetX = Optional.empty();
        Optional<IntRange> offsetY = Optional.empty();
        if (flag(read(e -> arv.arv_camera_is_region_offset_available(camera, e)))) {
            offsetX = intBounds((mi, ma, e) -> arv.arv_camera_get_x_offset_bounds(camera, mi, ma, e));
            offsetY = intBounds((mi, ma, e) -> arv.arv_camera_get_y_offset_bounds(camera, mi, ma, e));
        }

        IntByReference n = new IntByReference();
        List<String> formats = aravis.takeStrings(
                read(e -> arv.arv_camera_dup_available_pixel_formats_as_strings(camera, n, e)), n.getValue());
        formats.removeIf(f -> !PixelConverter.SUPPORTED.contains(f));

        Optional<DoubleRange> exposure = flag(read(e -> arv.arv_camera_is_exposure_time_available(camera, e)))
                ? doubleBounds((mi, ma, e) -> arv.arv_camera_get_exposure_time_bounds(camera, mi, ma, e))
                : Optional.empty();
        Optional<DoubleRange> gain = flag(read(e -> arv.arv_camera_is_gain_available(camera, e)))
                ? doubleBounds((mi, ma, e) -> arv.arv_camera_get_gain_bounds(camera, mi, ma, e))
                : Optional.empty();
        Optional<DoubleRange> fps = flag(read(e -> arv.arv_camera_is_frame_rate_available(camera, e)))
                ? doubleBounds((mi, ma, e) -> arv.arv_camera_get_frame_rate_bounds(camera, mi, ma, e))
                : Optional.empty();

        List<String> triggers = new ArrayList<>();
        if (hasFeature("TriggerMode")) {
            triggers.add("off");
            triggers.addAll(aravis.takeStrings(
                    read(e -> arv.arv_camera_dup_available_trigger_sources(camera, n, e)), n.getValue()));
        }

        return new CameraFeatures(vendor, model, serial, deviceId(), width, height, offsetX, offsetY, formats,
                exposure, flag(read(e -> arv.arv_camera_is_exposure_auto_available(camera, e))),
                gain, flag(read(e -> arv.arv_camera_is_gain_auto_available(camera, e))),
                fps, triggers, current(exposure.isPresent(), gain.isPresent(), fps.isPresent(), !triggers.isEmpty()));
    }

    private Map<String, String> current(boolean exposure, boolean gain, boolean fps, boolean trigger) {
        Map<String, String> current = new LinkedHashMap<>();
        IntByReference x = new IntByReference();
        IntByReference y = new IntByReference();
        IntByReference w = new IntByReference();
        IntByReference h = new IntByReference();
        PointerByReference error = new PointerByReference();
        arv.arv_camera_get_region(camera, x, y, w, h, error);
        if (ok(error)) {
            current.put(CameraSetting.OFFSET_X.key(), Integer.toString(x.getValue()));
            current.put(CameraSetting.OFFSET_Y.key(), Integer.toString(y.getValue()));
            current.put(CameraSetting.WIDTH.key(), Integer.toString(w.getValue()));
            current.put(CameraSetting.HEIGHT.key(), Integer.toString(h.getValue()));
        }
        String format = arv.arv_camera_get_pixel_format_as_string(camera, error);
        if (ok(error) && format != null) {
            current.put(CameraSetting.PIXEL_FORMAT.key(), format);
        }
        if (exposure) {
            double value = arv.arv_camera_get_exposure_time(camera, error);
            if (ok(error)) {
                current.put(CameraSetting.EXPOSURE.key(), number(value));
            }
        }
        if (gain) {
            double value = arv.arv_camera_get_gain(camera, error);
            if (ok(error)) {
                current.put(CameraSetting.GAIN.key(), number(value));
            }
        }
        if (fps) {
            double value = arv.arv_camera_get_frame_rate(camera, error);
            if (ok(error)) {
                current.put(CameraSetting.FPS.key(), number(value));
            }
        }
        if (trigger) {
            String mode = arv.arv_camera_get_string(camera, "TriggerMode", error);
            if (ok(error) && mode != null) {
                String source = "On".equalsIgnoreCase(mode) && hasFeature("TriggerSource")
                        ? arv.arv_camera_get_string(camera, "TriggerSource", error) : null;
                current.put(CameraSetting.TRIGGER.key(), ok(error) && source != null ? source : "off");
            }
        }
        return current;
    }

    /**
     * Applies the camera settings in {@link CameraSetting} order. A feature the camera lacks, or a value outside
     * its range, becomes a warning (the value is skipped or fitted to the range); a camera that refuses a valid
     * value is an error. Must be called while acquisition is stopped when format or region change.
     */
    List<String> apply(Map<CameraSetting, String> settings) throws CaptureException {
        List<String> warnings = new ArrayList<>();
        if (settings.isEmpty()) {
            return warnings;
        }
        CameraFeatures features = features();
        PointerByReference error = new PointerByReference();

        String format = settings.get(CameraSetting.PIXEL_FORMAT);
        if (format != null) {
            Optional<String> offered = features.pixelFormats().stream().filter(f -> f.equalsIgnoreCase(format)).findFirst();
            if (offered.isPresent()) {
                arv.arv_camera_set_pixel_format_from_string(camera, offered.get(), error);
                aravis.check(error, "Camera '" + address + "' refused pixel format " + offered.get());
            } else {
                warnings.add("Camera '" + address + "' has no pixel format " + format + " that Kensa can show; offered: "
                        + String.join(", ", features.pixelFormats()) + ". Kept " + features.current().get("pixelFormat") + ".");
            }
        }

        if (settings.containsKey(CameraSetting.OFFSET_X) || settings.containsKey(CameraSetting.OFFSET_Y)
                || settings.containsKey(CameraSetting.WIDTH) || settings.containsKey(CameraSetting.HEIGHT)) {
            applyRegion(settings, features, warnings);
        }

        String fps = settings.get(CameraSetting.FPS);
        if (fps != null) {
            if (features.frameRate().isEmpty()) {
                warnings.add("Camera '" + address + "' has no frame-rate control; fps=" + fps + " ignored.");
            } else {
                double value = fitted("fps", Double.parseDouble(fps), features.frameRate().get(), warnings);
                arv.arv_camera_set_frame_rate(camera, value, error);
                aravis.check(error, "Camera '" + address + "' refused frame rate " + number(value));
            }
        }

        applyAnalog(CameraSetting.EXPOSURE, settings.get(CameraSetting.EXPOSURE), features.exposureMicros(),
                features.exposureAuto(), warnings);
        applyAnalog(CameraSetting.GAIN, settings.get(CameraSetting.GAIN), features.gain(), features.gainAuto(), warnings);

        String trigger = settings.get(CameraSetting.TRIGGER);
        if (trigger != null) {
            applyTrigger(trigger, features, warnings);
        }
        return warnings;
    }

    private void applyRegion(Map<CameraSetting, String> settings, CameraFeatures features, List<String> warnings)
            throws CaptureException {
        Map<String, String> now = features.current();
        int x = Integer.parseInt(settings.getOrDefault(CameraSetting.OFFSET_X, now.getOrDefault("offsetX", "0")));
        int y = Integer.parseInt(settings.getOrDefault(CameraSetting.OFFSET_Y, now.getOrDefault("offsetY", "0")));
        int w = fitted("width", Integer.parseInt(settings.getOrDefault(CameraSetting.WIDTH, now.get("width"))), features.width(), warnings);
        int h = fitted("height", Integer.parseInt(settings.getOrDefault(CameraSetting.HEIGHT, now.get("height"))), features.height(), warnings);
        if ((x != 0 || y != 0) && features.offsetX().isEmpty()) {
            warnings.add("Camera '" + address + "' has no region offset; offsetX/offsetY ignored.");
            x = 0;
            y = 0;
        }
        // offsets are bounded by what is left of the sensor once the size is set; the camera checks that
        PointerByReference error = new PointerByReference();
        arv.arv_camera_set_region(camera, x, y, w, h, error);
        aravis.check(error, "Camera '" + address + "' refused region x=" + x + " y=" + y + " " + w + "×" + h);
    }

    private void applyAnalog(CameraSetting setting, String value, Optional<DoubleRange> range, boolean hasAuto,
                             List<String> warnings) throws CaptureException {
        if (value == null) {
            return;
        }
        PointerByReference error = new PointerByReference();
        boolean exposure = setting == CameraSetting.EXPOSURE;
        if (value.equalsIgnoreCase("auto")) {
            if (!hasAuto) {
                warnings.add("Camera '" + address + "' has no automatic " + setting.key() + "; " + setting.key() + "=auto ignored.");
                return;
            }
            if (exposure) {
                arv.arv_camera_set_exposure_time_auto(camera, Aravis.AUTO_CONTINUOUS, error);
            } else {
                arv.arv_camera_set_gain_auto(camera, Aravis.AUTO_CONTINUOUS, error);
            }
            aravis.check(error, "Camera '" + address + "' refused automatic " + setting.key());
            return;
        }
        if (range.isEmpty()) {
            warnings.add("Camera '" + address + "' has no " + setting.key() + " control; " + setting.key() + "=" + value + " ignored.");
            return;
        }
        if (hasAuto) {
            // a fixed value only holds with the automatic mode off
            if (exposure) {
                quietly(e -> arv.arv_camera_set_exposure_time_auto(camera, Aravis.AUTO_OFF, e));
            } else {
                quietly(e -> arv.arv_camera_set_gain_auto(camera, Aravis.AUTO_OFF, e));
            }
        }
        double v = fitted(setting.key(), Double.parseDouble(value), range.get(), warnings);
        if (exposure) {
            arv.arv_camera_set_exposure_time(camera, v, error);
        } else {
            arv.arv_camera_set_gain(camera, v, error);
        }
        aravis.check(error, "Camera '" + address + "' refused " + setting.key() + " " + number(v));
    }

    private void applyTrigger(String trigger, CameraFeatures features, List<String> warnings) throws CaptureException {
        PointerByReference error = new PointerByReference();
        if (features.triggerModes().isEmpty()) {
            if (!trigger.equalsIgnoreCase("off")) {
                warnings.add("Camera '" + address + "' has no trigger; trigger=" + trigger + " ignored (free running).");
            }
            return;
        }
        if (trigger.equalsIgnoreCase("off")) {
            arv.arv_camera_clear_triggers(camera, error);
            aravis.check(error, "Camera '" + address + "' refused to switch its trigger off");
            return;
        }
        Optional<String> source = features.triggerModes().stream().skip(1).filter(s -> s.equalsIgnoreCase(trigger)).findFirst();
        if (source.isEmpty()) {
            warnings.add("Camera '" + address + "' has no trigger source " + trigger + "; offered: "
                    + String.join(", ", features.triggerModes()) + ". Trigger left as it was.");
            return;
        }
        arv.arv_camera_set_trigger(camera, source.get(), error);
        aravis.check(error, "Camera '" + address + "' refused trigger source " + source.get());
    }

    /** The frame rate the camera runs at now, when it has that feature. */
    Optional<Double> frameRate() {
        PointerByReference error = new PointerByReference();
        if (!flag(arv.arv_camera_is_frame_rate_available(camera, error)) || !ok(error)) {
            return Optional.empty();
        }
        double fps = arv.arv_camera_get_frame_rate(camera, error);
        return ok(error) && fps > 0 ? Optional.of(fps) : Optional.empty();
    }

    /** Whether frames come only on a trigger, and whether that trigger is Kensa's software trigger. */
    String triggerSource() {
        PointerByReference error = new PointerByReference();
        if (!hasFeature("TriggerMode")) {
            return "off";
        }
        String mode = arv.arv_camera_get_string(camera, "TriggerMode", error);
        if (!ok(error) || !"On".equalsIgnoreCase(mode)) {
            return "off";
        }
        String source = hasFeature("TriggerSource") ? arv.arv_camera_get_string(camera, "TriggerSource", error) : null;
        return ok(error) && source != null ? source : "unknown";
    }

    void softwareTrigger() throws CaptureException {
        PointerByReference error = new PointerByReference();
        arv.arv_camera_software_trigger(camera, error);
        aravis.check(error, "Cannot send a software trigger to camera '" + address + "'");
    }

    int payload() throws CaptureException {
        PointerByReference error = new PointerByReference();
        int payload = arv.arv_camera_get_payload(camera, error);
        aravis.check(error, "Cannot read the frame size of camera '" + address + "'");
        return payload;
    }

    void startAcquisition() throws CaptureException {
        PointerByReference error = new PointerByReference();
        quietly(e -> arv.arv_camera_set_acquisition_mode(camera, Aravis.ACQUISITION_MODE_CONTINUOUS, e));
        arv.arv_camera_start_acquisition(camera, error);
        aravis.check(error, "Camera '" + address + "' did not start streaming");
    }

    /** Best effort: a camera that is already gone cannot be told to stop. */
    void stopAcquisition() {
        quietly(e -> arv.arv_camera_stop_acquisition(camera, e));
    }

    Pointer createStream() throws CaptureException {
        PointerByReference error = new PointerByReference();
        Pointer stream = arv.arv_camera_create_stream(camera, null, null, error);
        try {
            aravis.check(error, "Cannot open a stream from camera '" + address + "'");
        } catch (CaptureException e) {
            if (stream != null) {
                aravis.glib.g_object_unref(stream);
            }
            throw e;
        }
        if (stream == null) {
            throw new CaptureException("Cannot open a stream from camera '" + address + "'");
        }
        return stream;
    }

    @Override
    public void close() {
        if (camera == null) {
            return;
        }
        // with no signal handler on the device, no Aravis thread holds a reference to it: the device and its
        // heartbeat thread end here, on the caller's thread (or on the stream's unref, if that came last)
        aravis.glib.g_object_unref(camera);
        camera = null;
    }

    private boolean hasFeature(String feature) {
        PointerByReference error = new PointerByReference();
        boolean available = flag(arv.arv_camera_is_feature_available(camera, feature, error));
        return ok(error) && available;
    }

    private interface IntBoundsCall {
        void call(IntByReference min, IntByReference max, PointerByReference error);
    }

    private interface DoubleBoundsCall {
        void call(DoubleByReference min, DoubleByReference max, PointerByReference error);
    }

    private Optional<IntRange> intBounds(IntBoundsCall call) {
        IntByReference min = new IntByReference();
        IntByReference max = new IntByReference();
        PointerByReference error = new PointerByReference();
        call.call(min, max, error);
        return ok(error) ? Optional.of(new IntRange(min.getValue(), max.getValue(), 1)) : Optional.empty();
    }

    private Optional<DoubleRange> doubleBounds(DoubleBoundsCall call) {
        DoubleByReference min = new DoubleByReference();
        DoubleByReference max = new DoubleByReference();
        PointerByReference error = new PointerByReference();
        call.call(min, max, error);
        return ok(error) && max.getValue() >= min.getValue()
                ? Optional.of(new DoubleRange(min.getValue(), max.getValue())) : Optional.empty();
    }

    private int fitted(String key, int value, IntRange range, List<String> warnings) {
        int fit = range.fit(value);
        if (fit != value) {
            warnings.add("Camera '" + address + "': " + key + "=" + value + " is outside " + range.min() + "–" + range.max()
                    + " (step " + range.increment() + "); using " + fit + ".");
        }
        return fit;
    }

    private double fitted(String key, double value, DoubleRange range, List<String> warnings) {
        double fit = range.fit(value);
        if (fit != value) {
            warnings.add("Camera '" + address + "': " + key + "=" + number(value) + " is outside "
                    + number(range.min()) + "–" + number(range.max()) + "; using " + number(fit) + ".");
        }
        return fit;
    }

    /** Runs an optional read: a GError only means "not available", so it is freed and the value kept as is. */
    private <T> T read(Function<PointerByReference, T> call) {
        PointerByReference error = new PointerByReference();
        T value = call.apply(error);
        ok(error);
        return value;
    }

    private void quietly(Consumer<PointerByReference> call) {
        PointerByReference error = new PointerByReference();
        call.accept(error);
        ok(error);
    }

    /** True when no error was raised; frees and clears one that was. */
    private boolean ok(PointerByReference error) {
        Pointer gerror = error.getValue();
        if (gerror == null) {
            return true;
        }
        aravis.glib.g_error_free(gerror);
        error.setValue(null);
        return false;
    }

    private static boolean flag(int gboolean) {
        return gboolean != 0;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }
}

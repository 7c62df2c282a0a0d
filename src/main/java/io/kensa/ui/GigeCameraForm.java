package io.kensa.ui;

import io.kensa.capture.CaptureException;
import io.kensa.capture.gige.CameraFeatures;
import io.kensa.capture.gige.CameraFeatures.DoubleRange;
import io.kensa.capture.gige.CameraSetting;
import io.kensa.capture.gige.GigeSourceSettings;
import io.kensa.ui.CameraFields.Decimal;
import io.kensa.ui.CameraFields.Pick;
import io.kensa.ui.CameraFields.Whole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code gige://} camera's form: exactly the features the camera said it offers (sizes, pixel formats, exposure,
 * gain, frame rate, trigger) with their ranges, starting from the settings it runs with; the rest become notes. What
 * was entered is checked against those ranges before it becomes a {@link CameraChoice}.
 */
final class GigeCameraForm implements CameraForm {
    static final String NOT_OFFERED = "not offered by this camera";

    private final Pick pixelFormat = new Pick();
    private final Pick trigger = new Pick();
    private final Whole width = new Whole("Width");
    private final Whole height = new Whole("Height");
    private final Whole offsetX = new Whole("Offset X");
    private final Whole offsetY = new Whole("Offset Y");
    private final Decimal fps = new Decimal("Frame rate");
    private final Decimal exposure = new Decimal("Exposure");
    private final Decimal gain = new Decimal("Gain");
    private GigeSourceSettings camera;
    private CameraFeatures features;

    /** Offers what {@code offered} says the camera has, starting from {@code camera}'s settings (recipe, session, source). */
    Layout offer(GigeSourceSettings camera, CameraFeatures offered) {
        this.camera = camera;
        this.features = offered;
        List<Row> form = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (offered.pixelFormats().isEmpty()) {
            form.add(Row.unavailable("Pixel format", "the camera offers no format Kensa can show ("
                    + offered.current().getOrDefault("pixelFormat", "?") + ")"));
        } else {
            pixelFormat.offer(offered.pixelFormats(), initial(CameraSetting.PIXEL_FORMAT));
            form.add(Row.of("Pixel format", Field.PIXEL_FORMAT, offered.pixelFormats().size() + " offered by the camera"));
        }
        width.offer(offered.width(), initial(CameraSetting.WIDTH));
        form.add(Row.of("Width (px)", Field.WIDTH, CameraFields.range(offered.width())));
        height.offer(offered.height(), initial(CameraSetting.HEIGHT));
        form.add(Row.of("Height (px)", Field.HEIGHT, CameraFields.range(offered.height())));
        if (hasOffsets()) {
            offsetX.offer(offered.offsetX().get(), initial(CameraSetting.OFFSET_X));
            form.add(Row.of("Offset X (px)", Field.OFFSET_X, "offset + width ≤ " + offered.width().max()));
            offsetY.offer(offered.offsetY().get(), initial(CameraSetting.OFFSET_Y));
            form.add(Row.of("Offset Y (px)", Field.OFFSET_Y, "offset + height ≤ " + offered.height().max()));
        } else {
            form.add(Row.unavailable("Region offset", NOT_OFFERED));
        }
        if (offered.frameRate().isPresent()) {
            fps.offer(offered.frameRate(), false, initial(CameraSetting.FPS), false);
            form.add(Row.of("Frame rate (fps)", Field.FPS, CameraFields.range(offered.frameRate().get())));
        } else {
            form.add(Row.unavailable("Frame rate", NOT_OFFERED));
        }
        form.add(analogRow("Exposure (µs)", Field.EXPOSURE, CameraSetting.EXPOSURE, exposure, offered.exposureMicros(),
                offered.exposureAuto(), notes));
        form.add(analogRow("Gain", Field.GAIN, CameraSetting.GAIN, gain, offered.gain(), offered.gainAuto(), notes));
        if (offered.triggerModes().isEmpty()) {
            form.add(Row.unavailable("Trigger", NOT_OFFERED + " (free running)"));
        } else {
            trigger.offer(offered.triggerModes(), initial(CameraSetting.TRIGGER));
            form.add(Row.of("Trigger", Field.TRIGGER, "off = free running; Software = Kensa triggers"));
        }
        Map<String, String> kept = settings();
        camera.settings().forEach((key, value) -> {
            if (!kept.containsKey(key)) {
                notes.add(key + "=" + value + " (recipe or source) is " + NOT_OFFERED + " and is left out.");
            }
        });
        return new Layout(form, notes);
    }

    private Row analogRow(String label, Field field, CameraSetting setting, Decimal value, Optional<DoubleRange> range,
                          boolean hasAuto, List<String> notes) {
        if (range.isEmpty() && !hasAuto) {
            return Row.unavailable(label, NOT_OFFERED);
        }
        String wanted = initial(setting);
        boolean wantsAuto = "auto".equalsIgnoreCase(wanted);
        if (wantsAuto && !hasAuto) {
            notes.add(setting.key() + "=auto: this camera has no automatic " + setting.key() + "; choose a fixed value.");
        }
        String fixed = wantsAuto ? features.current().getOrDefault(setting.key(), "") : wanted;
        value.offer(range, hasAuto, fixed, wantsAuto || range.isEmpty());
        return Row.of(label, field, range.map(CameraFields::range).orElse("automatic only"));
    }

    /** The value to show first: the one the camera runs with (recipe, session, source), else the camera's present value. */
    private String initial(CameraSetting setting) {
        String fromSpec = camera.settings().get(setting.key());
        return fromSpec != null ? fromSpec : features.current().getOrDefault(setting.key(), "");
    }

    private boolean hasOffsets() {
        return features.offsetX().isPresent() && features.offsetY().isPresent();
    }

    /** The chosen values for every feature the camera offers, plus the spec's stream settings, as spec keys. */
    private Map<String, String> settings() {
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
            String value = camera.settings().get(stream.key());
            if (value != null) {
                out.put(stream.key(), value);
            }
        }
        return out;
    }

    /** Checks the typed values against the camera's ranges and builds the choice. */
    @Override
    public CameraChoice choose(boolean saveToRecipe) throws CaptureException {
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
        Map<String, String> settings = settings();
        camera.withSettings(settings).toSpec(); // checks the values: the camera opens as chosen
        return new CameraChoice(camera.withSettings(Map.of()).toSpec(), settings, saveToRecipe);
    }

    Pick pixelFormat() {
        return pixelFormat;
    }

    Pick trigger() {
        return trigger;
    }

    Whole width() {
        return width;
    }

    Whole height() {
        return height;
    }

    Whole offsetX() {
        return offsetX;
    }

    Whole offsetY() {
        return offsetY;
    }

    Decimal fps() {
        return fps;
    }

    Decimal exposure() {
        return exposure;
    }

    Decimal gain() {
        return gain;
    }
}

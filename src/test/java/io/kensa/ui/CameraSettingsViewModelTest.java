package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.capture.CaptureException;
import io.kensa.capture.Frame;
import io.kensa.capture.gige.AravisInstall;
import io.kensa.capture.gige.CameraFeatures;
import io.kensa.capture.gige.GigeSourceSettings;
import io.kensa.capture.gige.GigeVisionSource;
import io.kensa.ui.CameraForm.Field;
import io.kensa.ui.CameraForm.Row;
import io.kensa.ui.CameraSettingsViewModel.Tone;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Camera settings without a screen, against Aravis' in-process fake camera {@code Fake_1} (no sockets) or
 * 127.0.0.9 (loopback: opening by address sends unicast there only, and nobody answers). Work runs on the calling
 * thread ({@code Runnable::run}) unless a test holds it in a queue.
 */
class CameraSettingsViewModelTest {

    private static CameraSettingsViewModel open(String spec, Map<String, String> start) {
        return new CameraSettingsViewModel(spec, start, GigeSourceSettings::readFeatures, Runnable::run, Runnable::run);
    }

    private static List<Field> fields(CameraSettingsViewModel vm) {
        return vm.rows().stream().flatMap(r -> r.field().stream()).toList();
    }

    private static Row row(CameraSettingsViewModel vm, String label) {
        return vm.rows().stream().filter(r -> r.label().equals(label)).findFirst().orElseThrow(() -> new AssertionError(vm.rows()));
    }

    @Test
    void offersTheFakeCamerasOwnRangesAndChoicesStartingFromWhatItRunsWith() throws Exception {
        AravisInstall.require();
        CameraFeatures real;
        try (GigeVisionSource source = GigeVisionSource.fromSpec("gige://Fake_1")) {
            source.open();
            real = source.features();
        }
        // what the camera runs with (the recipe's map, the source's own settings) is shown first
        Map<String, String> start = new LinkedHashMap<>();
        start.put("width", "320");
        start.put("exposure", "auto");
        start.put("shutterAngle", "180");
        CameraSettingsViewModel vm = open("gige://Fake_1?width=320", start);
        assertTrue(vm.ready().get());
        assertFalse(vm.busy().get());
        assertEquals("gige://Fake_1", vm.header());

        // ranges and choices come from the camera
        assertTrue(vm.status().get().startsWith("Aravis Fake"), vm.status().get());
        assertEquals(Tone.TITLE, vm.tone().get());
        assertEquals(real.width().max(), vm.gige().width().range().max());
        assertEquals(2048, vm.gige().width().range().max());
        assertEquals(real.width().min(), vm.gige().width().range().min());
        assertEquals(real.pixelFormats(), vm.gige().pixelFormat().items());
        assertTrue(vm.gige().pixelFormat().items().contains("BayerRG8"));
        assertEquals(real.exposureMicros().orElseThrow().min(), vm.gige().exposure().range().orElseThrow().min());
        assertEquals(real.exposureMicros().orElseThrow().max(), vm.gige().exposure().range().orElseThrow().max());
        assertEquals(real.frameRate().orElseThrow().max(), vm.gige().fps().range().orElseThrow().max());
        assertEquals(real.triggerModes(), vm.gige().trigger().items());
        assertEquals(List.of(Field.PIXEL_FORMAT, Field.WIDTH, Field.HEIGHT, Field.OFFSET_X, Field.OFFSET_Y, Field.FPS,
                Field.EXPOSURE, Field.GAIN, Field.TRIGGER), fields(vm));
        assertEquals("2048", row(vm, "Width (px)").hint().replaceAll(".*–", ""));
        assertEquals("offset + width ≤ 2048", row(vm, "Offset X (px)").hint());
        // the fake camera has automatic gain but no automatic exposure: only the gain offers "Automatic"
        assertFalse(vm.gige().exposure().autoOffered(), "no automatic exposure on this camera");
        assertTrue(vm.gige().gain().autoOffered());
        assertTrue(vm.notes().get().contains("exposure=auto: this camera has no automatic exposure"), vm.notes().get());
        assertTrue(vm.notes().get().contains("shutterAngle=180 is not a camera setting Kensa knows"), vm.notes().get());
        // the start value is shown first
        assertEquals(320, vm.gige().width().value().get());
        assertEquals("320", vm.gige().width().text().get());

        // a width the camera cannot take becomes the nearest it can when the field is left
        vm.gige().width().text().set("5000");
        vm.gige().width().leave();
        assertEquals(2048, vm.gige().width().value().get());
        assertEquals("2048", vm.gige().width().text().get());
        // a region that does not fit on the sensor is refused with the numbers, and nothing is chosen
        vm.gige().offsetX().text().set("100");
        assertEquals(Optional.empty(), vm.choose(true));
        assertTrue(vm.error().get().contains("Offset X 100 + width 2048 is more than the sensor width 2048"), vm.error().get());
        vm.gige().offsetX().text().set("0");

        vm.gige().width().text().set("640");
        vm.gige().height().text().set("480");
        vm.gige().fps().text().set("40");
        vm.gige().exposure().text().set("20000");
        vm.gige().pixelFormat().value().set("BayerRG8");
        vm.gige().gain().auto().set(false);
        vm.gige().gain().text().set("2");
        CameraChoice choice = vm.choose(true).orElseThrow(() -> new AssertionError(vm.error().get()));
        assertEquals("", vm.error().get());
        assertTrue(choice.saveToRecipe());
        assertEquals("gige://Fake_1", choice.camera(), "the station remembers the camera alone");
        assertEquals(List.of("pixelFormat", "width", "height", "offsetX", "offsetY", "fps", "exposure", "gain", "trigger"),
                List.copyOf(choice.settings().keySet()));
        assertEquals("640", choice.settings().get("width"));
        String spec = GigeSourceSettings.parse(choice.camera()).withSettings(choice.settings()).toSpec();
        assertEquals("gige://Fake_1?pixelFormat=BayerRG8&offsetX=0&offsetY=0&width=640&height=480&fps=40"
                + "&exposure=20000&gain=2&trigger=off", spec);
        try (GigeVisionSource source = GigeVisionSource.fromSpec(spec)) {
            source.open();
            assertTrue(source.warnings().isEmpty(), source.warnings().toString());
            Frame frame = source.grab();
            assertEquals(640, frame.width());
            assertEquals(480, frame.height());
            assertEquals(BufferedImage.TYPE_3BYTE_BGR, frame.image().getType(), "Bayer frames arrive in colour");
            Map<String, String> now = source.features().current();
            assertEquals("BayerRG8", now.get("pixelFormat"));
            assertEquals("40", now.get("fps"));
            assertEquals("20000", now.get("exposure"));
            assertEquals("2", now.get("gain"));
        }
    }

    @Test
    void typedValuesOutsideTheCamerasRangeOrNotNumbersAreRefusedWithWhatItTakes() {
        AravisInstall.require();
        CameraSettingsViewModel vm = open("gige://Fake_1", Map.of());
        vm.gige().width().text().set("wide");
        assertEquals(Optional.empty(), vm.choose(false));
        assertTrue(vm.error().get().startsWith("Width 'wide' is not a whole number. The camera takes 1–2048"), vm.error().get());
        vm.gige().width().text().set("5000");
        assertEquals(Optional.empty(), vm.choose(false));
        assertTrue(vm.error().get().contains("Width 5000 is not one the camera takes (1–2048"), vm.error().get());
        assertTrue(vm.error().get().endsWith("the nearest is 2048."), vm.error().get());
        vm.gige().width().text().set("640");
        vm.gige().fps().text().set("fast");
        assertEquals(Optional.empty(), vm.choose(false));
        assertTrue(vm.error().get().startsWith("Frame rate 'fast' is not a number. The camera takes "), vm.error().get());
        vm.gige().fps().text().set("1e9");
        assertEquals(Optional.empty(), vm.choose(false));
        assertTrue(vm.error().get().startsWith("Frame rate 1e9 is outside what the camera takes ("), vm.error().get());
        vm.gige().fps().text().set("12,5");
        assertTrue(vm.choose(false).isPresent(), vm.error().get());
        assertEquals("", vm.error().get(), "a good choice clears the message");
    }

    @Test
    void lenientEntryKeepsTheValueWhenTheTextIsNotANumber() {
        AravisInstall.require();
        CameraSettingsViewModel vm = open("gige://Fake_1?width=320", Map.of("width", "320"));
        vm.gige().width().text().set("abc");
        vm.gige().width().leave();
        assertEquals(320, vm.gige().width().value().get());
        assertEquals("320", vm.gige().width().text().get());
        vm.gige().fps().text().set("12,5");
        vm.gige().fps().leave();
        assertEquals(12.5, vm.gige().fps().value().get());
        assertEquals("12.5", vm.gige().fps().text().get());
        assertEquals(7, CameraFields.lenient("x", Integer::parseInt, 7));
        assertEquals("10000", CameraSettingsDialog.number(10000.0));
        assertEquals("2.5", CameraFields.number(2.5));
    }

    @Test
    void aMissingCameraIsAClearMessageWithARetry() {
        AravisInstall.require();
        CameraSettingsViewModel vm = open("gige://127.0.0.9", Map.of());
        String message = vm.status().get();
        assertTrue(message.startsWith("Cannot open GigE Vision camera '127.0.0.9'"), message);
        assertTrue(message.contains("Check the address"), message);
        assertFalse(message.contains("Exception") || message.contains("\tat "), "no stack trace: " + message);
        assertEquals(Tone.ERROR, vm.tone().get());
        assertTrue(vm.rows().isEmpty());
        assertTrue(vm.canRetry().get());
        assertFalse(vm.ready().get(), "Save to recipe and Use for this session only are off");
        assertFalse(vm.busy().get());
        assertEquals(Optional.empty(), vm.choose(true));
    }

    @Test
    void aMissingLibraryShowsHowToInstallItAndTryAgainReadsOnceMore() {
        AravisInstall.require();
        AtomicInteger reads = new AtomicInteger();
        CameraSettingsViewModel vm = new CameraSettingsViewModel("gige://Fake_1", Map.of(), camera -> {
            if (reads.incrementAndGet() == 1) {
                throw new CaptureException(GigeVisionSource.installHint() + " (Unable to load library 'aravis-0.8')");
            }
            return camera.readFeatures();
        }, Runnable::run, Runnable::run);
        assertTrue(vm.status().get().contains("apt-get install libaravis-0.8-0"), vm.status().get());
        assertTrue(vm.canRetry().get());
        vm.readFeatures();
        assertEquals(2, reads.get());
        assertTrue(vm.ready().get());
        assertFalse(vm.canRetry().get());
        assertTrue(vm.status().get().startsWith("Aravis Fake"), vm.status().get());
    }

    @Test
    void anUnexpectedFailureIsNamedWithoutAStackTrace() {
        CameraSettingsViewModel vm = new CameraSettingsViewModel("gige://Fake_1", Map.of(), camera -> {
            throw new IllegalStateException("boom");
        }, Runnable::run, Runnable::run);
        assertEquals("Reading camera 'Fake_1' failed (IllegalStateException: boom). Check the camera and try again; "
                + "the log has the details.", vm.status().get());
        assertTrue(vm.canRetry().get());
    }

    @Test
    void readsOnTheBackgroundExecutorAndDropsTheAnswerOnceClosed() {
        List<Runnable> background = new ArrayList<>();
        List<Runnable> fx = new ArrayList<>();
        CameraSettingsViewModel vm = new CameraSettingsViewModel("gige://Fake_1", Map.of(), camera -> {
            throw new CaptureException("no camera");
        }, background::add, fx::add);
        assertEquals("Asking camera 'Fake_1' what it offers…", vm.status().get());
        assertTrue(vm.busy().get());
        assertFalse(vm.ready().get());
        assertEquals(Tone.PLAIN, vm.tone().get());
        background.remove(0).run();
        assertEquals("Asking camera 'Fake_1' what it offers…", vm.status().get(), "published on the fx executor only");
        vm.close();
        fx.remove(0).run();
        assertEquals("Asking camera 'Fake_1' what it offers…", vm.status().get(), "closed: the answer is dropped");
    }

    @Test
    void usbCamerasGetSizeAndFrameRateRequests() {
        CameraSettingsViewModel vm = open("usb:0?width=640", Map.of("width", "640"));
        assertEquals("usb:0", vm.header());
        assertEquals("640", vm.usb().width().get());
        assertEquals("", vm.usb().height().get());
        assertTrue(vm.ready().get());
        assertTrue(vm.status().get().startsWith("USB camera 0: these are requests"), vm.status().get());
        assertEquals(List.of(Field.USB_WIDTH, Field.USB_HEIGHT, Field.USB_FPS), fields(vm));
        assertTrue(vm.notes().get().contains("leave a field empty for the camera's default"), vm.notes().get());

        vm.usb().fps().set("fast");
        assertEquals(Optional.empty(), vm.choose(false));
        assertTrue(vm.error().get().contains("fps must be a number"), vm.error().get());

        vm.usb().height().set("480");
        vm.usb().fps().set(" 30 ");
        CameraChoice choice = vm.choose(false).orElseThrow();
        assertFalse(choice.saveToRecipe(), "this session only");
        assertEquals("usb:0", choice.camera());
        assertEquals(Map.of("width", "640", "height", "480", "fps", "30"), choice.settings());
        vm.usb().width().set("");
        assertEquals(Map.of("height", "480", "fps", "30"), vm.choose(true).orElseThrow().settings(), "empty = camera default");
    }

    @Test
    void replaysAndBadSpecsHaveNoCameraSettings() {
        CameraSettingsViewModel replay = open("folder:/data/bottle?fps=5", Map.of());
        assertTrue(replay.status().get().contains("not a camera"), replay.status().get());
        assertEquals("'folder:/data/bottle?fps=5' is a folder: source, not a camera. Camera settings are for usb: and "
                + "gige:// sources (Find cameras lists them).", replay.status().get());
        assertEquals(Tone.ERROR, replay.tone().get());
        assertFalse(replay.ready().get());
        assertFalse(replay.canRetry().get());
        assertEquals(Optional.empty(), replay.choose(true));

        CameraSettingsViewModel bad = open("usb:front", Map.of());
        assertTrue(bad.status().get().contains("usb: takes a camera index (usb:0)"), bad.status().get());
        assertFalse(bad.ready().get());
    }
}

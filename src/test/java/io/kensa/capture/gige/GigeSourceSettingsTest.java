package io.kensa.capture.gige;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.capture.CaptureException;
import io.kensa.capture.SourceSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GigeSourceSettingsTest {

    @Test
    void roundTripsASpecInApplyOrderWithCanonicalKeys() throws CaptureException {
        GigeSourceSettings parsed = GigeSourceSettings.parse("gige://192.168.1.20?FPS=30&exposure=auto&pixelformat=BayerRG8&width=640");
        assertEquals("192.168.1.20", parsed.address());
        assertEquals(List.of("pixelFormat", "width", "fps", "exposure"), List.copyOf(parsed.settings().keySet()));
        String spec = parsed.toSpec();
        assertEquals("gige://192.168.1.20?pixelFormat=BayerRG8&width=640&fps=30&exposure=auto", spec);
        assertEquals("gige", SourceSpec.parse(spec).scheme());
        assertEquals(parsed, GigeSourceSettings.parse(spec));
    }

    @Test
    void encodesIdsAndValuesThatNeedIt() throws CaptureException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("trigger", "Line 0");
        String spec = new GigeSourceSettings("Vendor-Model?1", settings).toSpec();
        GigeSourceSettings back = GigeSourceSettings.parse(spec);
        assertEquals("Vendor-Model?1", back.address());
        assertEquals("Line 0", back.settings().get("trigger"));
    }

    @Test
    void malformedValuesAreRejectedWithTheSettingNamed() {
        CaptureException e = assertThrows(CaptureException.class,
                () -> new GigeSourceSettings("Fake_1", Map.of("width", "wide")).toSpec());
        assertTrue(e.getMessage().contains("width='wide'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GigeSourceSettings("Fake_1", Map.of("zoom", "2")));
    }

    @Test
    void demoCameraIsOfferedOnceWhenAravisIsInstalled() {
        AravisInstall.require();
        CameraDiscovery.Result none = new CameraDiscovery.Result(List.of(), List.of("a problem"));
        CameraDiscovery.Result offered = CameraDiscovery.withDemoCamera(none);
        assertEquals(List.of("gige://Fake_1"), offered.cameras().stream().map(CameraDiscovery.DiscoveredCamera::spec).toList());
        assertEquals(CameraDiscovery.FAKE_KIND, offered.cameras().get(0).kind());
        assertEquals(List.of("a problem"), offered.problems());
        assertEquals(offered, CameraDiscovery.withDemoCamera(offered));
        // the fake-only listing is Aravis' own entry for the same camera
        assertEquals(List.of("gige://Fake_1"), CameraDiscovery.findFakeCameras().cameras().stream()
                .map(CameraDiscovery.DiscoveredCamera::spec).toList());
    }

    @Test
    void readsTheFakeCamerasFeaturesWithoutStreaming() throws CaptureException {
        AravisInstall.require();
        CameraFeatures features = GigeSourceSettings.parse("gige://Fake_1?width=100").readFeatures();
        assertEquals("Aravis", features.vendor());
        assertEquals(2048, features.width().max());
        assertTrue(features.pixelFormats().contains("Mono8"), features.pixelFormats().toString());
    }
}

package io.kensa.capture.gige;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.capture.CaptureException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GigeSpecTest {

    @Test
    void parsesAddressAndSettings() throws CaptureException {
        GigeSpec spec = GigeSpec.parse("gige://192.168.1.20?width=512&height=384&pixelFormat=BayerRG8&exposure=auto&fps=12.5&trigger=off");
        assertEquals("192.168.1.20", spec.address());
        assertEquals(Map.of(CameraSetting.WIDTH, "512", CameraSetting.HEIGHT, "384", CameraSetting.PIXEL_FORMAT, "BayerRG8",
                CameraSetting.EXPOSURE, "auto", CameraSetting.FPS, "12.5", CameraSetting.TRIGGER, "off"), spec.settings());
    }

    @Test
    void acceptsCameraIdsWithEscapes() throws CaptureException {
        assertEquals("Basler-acA1300 #7", GigeSpec.parse("gige://Basler-acA1300%20%237").address());
        assertEquals("Fake_1", GigeSpec.parse("GIGE://Fake_1/").address());
        assertTrue(GigeSpec.parse("gige://Fake_1").settings().isEmpty());
    }

    @Test
    void rejectsUnknownSettingNamingTheKnownOnes() {
        CaptureException e = assertThrows(CaptureException.class, () -> GigeSpec.parse("gige://10.0.0.5?shutter=5"));
        assertTrue(e.getMessage().contains("'shutter'"), e.getMessage());
        assertTrue(e.getMessage().contains("exposure"), e.getMessage());
    }

    @Test
    void rejectsMalformedValuesAndSpecs() {
        CaptureException e = assertThrows(CaptureException.class, () -> GigeSpec.parse("gige://10.0.0.5?width=wide"));
        assertTrue(e.getMessage().contains("width='wide'") && e.getMessage().contains("not a number"), e.getMessage());
        assertThrows(CaptureException.class, () -> GigeSpec.parse("gige://10.0.0.5?fps=0"));
        assertThrows(CaptureException.class, () -> GigeSpec.parse("gige://?width=5"));
        assertThrows(CaptureException.class, () -> GigeSpec.parse("usb:0"));
    }

    @Test
    void brokenEscapesNameThePartAndTheFix() {
        CaptureException address = assertThrows(CaptureException.class, () -> GigeSpec.parse("gige://cam%zz"));
        assertEquals("Cannot read the camera address 'cam%zz' in gige://cam%zz: a % must be followed by two hex digits "
                + "(%20 is a space, %23 is #, %25 is % itself). Fix the escape or remove the %.", address.getMessage());
        CaptureException value = assertThrows(CaptureException.class, () -> GigeSpec.parse("gige://Fake_1?width=%"));
        assertTrue(value.getMessage().startsWith("Cannot read the value of width '%' in gige://Fake_1?width=%: "), value.getMessage());
        assertTrue(!value.getMessage().contains("URLDecoder"), value.getMessage());
        CaptureException name = assertThrows(CaptureException.class, () -> GigeSpec.parse("gige://Fake_1?wi%g0dth=5"));
        assertTrue(name.getMessage().startsWith("Cannot read the setting name 'wi%g0dth'"), name.getMessage());
    }

    @Test
    void missingLibraryNamesTheInstallCommand() {
        CaptureException e = assertThrows(CaptureException.class, () -> Aravis.load("aravis-0.0-absent", "libaravis-0.0-absent.so.0"));
        assertTrue(e.getMessage().contains("sudo apt-get install libaravis-0.8-0"), e.getMessage());
    }
}

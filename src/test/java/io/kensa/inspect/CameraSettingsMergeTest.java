package io.kensa.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.capture.CaptureException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Recipe ⊕ session ⊕ typed camera settings, without a camera. */
class CameraSettingsMergeTest {

    private static String open(String spec, Map<String, String> recipe) throws CaptureException {
        return CameraSettingsMerge.of(spec, recipe, Optional.empty()).toOpen();
    }

    private static Map<String, String> map(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void recipeCameraSettingsApplyToCamerasThatNameNoneThemselves() throws CaptureException {
        Map<String, String> camera = map("exposure", "8000", "gain", "2");
        assertEquals("gige://10.0.0.5?exposure=8000&gain=2", open("gige://10.0.0.5", camera));
        assertEquals("gige://10.0.0.5?exposure=8000&gain=4&fps=5",
                open("gige://10.0.0.5?gain=4&fps=5", camera), "the spec's own settings win, key by key");
        assertEquals("usb:0?fps=30", open("usb:0?fps=30", camera), "USB takes only its own settings");
        assertEquals("folder:/tmp/x", open("folder:/tmp/x", camera));
        assertEquals("folder:/data/bottle?fps=5", open(" folder:/data/bottle?fps=5 ", camera), "a replay opens as written");
    }

    @Test
    void theStationRemembersTheCameraWithoutItsSettings() throws CaptureException {
        assertEquals("gige://Fake_1", Workstation.cameraOnly("gige://Fake_1?pixelFormat=BayerRG8&width=640&trigger=off"));
        assertEquals("usb:0", Workstation.cameraOnly(" usb:0?fps=30 "));
        assertEquals("gige://10.0.0.5", Workstation.cameraOnly("gige://10.0.0.5"));
        assertEquals("folder:/data/bottle?fps=5", Workstation.cameraOnly("folder:/data/bottle?fps=5"), "a replay's fps is part of the source");
        assertEquals(Map.of("width", "640", "trigger", "off"),
                CameraSettingsMerge.of("gige://Fake_1?width=640&trigger=off", Map.of(), Optional.empty()).typed());
        assertTrue(CameraSettingsMerge.of("video:/tmp/a.mp4?fps=3", Map.of(), Optional.empty()).typed().isEmpty());
        // a USB camera takes the recipe's size and rate, not GigE features
        Map<String, String> recipe = map("width", "640", "exposure", "8000", "fps", "15");
        assertEquals("usb:0?width=640&fps=15", open("usb:0", recipe));
    }

    @Test
    void isCameraGoesByTheSchemeEvenForASpecThatDoesNotParse() {
        assertTrue(Workstation.isCamera(" GIGE://Fake_1"));
        assertTrue(Workstation.isCamera("usb:front"));
        assertTrue(!Workstation.isCamera("folder:/data") && !Workstation.isCamera("gige:10.0.0.5") && !Workstation.isCamera(""));
        assertEquals("usb:front?fps=3", Workstation.cameraOnly("usb:front?fps=3"), "not a valid spec: left as typed");
        assertEquals("", Workstation.cameraOnly(""));
    }

    @Test
    void thisSessionsSettingsReplaceTheRecipesAndTypedSettingsWinKeyByKey() {
        Map<String, String> recipe = map("pixelFormat", "Mono8", "width", "320", "height", "240");
        Map<String, String> session = map("pixelFormat", "BayerRG8", "width", "999");
        CameraSettingsMerge merged = CameraSettingsMerge.of("gige://Fake_1?WIDTH=640&trigger=off", recipe, Optional.of(session));
        assertEquals("gige://Fake_1", merged.camera());
        assertEquals(List.of("pixelFormat", "width", "trigger"), List.copyOf(merged.settings().keySet()),
                "the session's set is complete: the recipe's height is not added; a key typed in another case replaces its own");
        assertEquals(map("pixelFormat", "BayerRG8", "width", "640", "trigger", "off"), merged.settings());
        // no session settings: the recipe's, then the typed ones in the recipe's order
        assertEquals(map("pixelFormat", "Mono8", "width", "999", "height", "240", "trigger", "off"),
                CameraSettingsMerge.of("gige://Fake_1?width=999&trigger=off", recipe, Optional.empty()).settings());
        // an empty session set still replaces the recipe's
        assertTrue(CameraSettingsMerge.of("gige://Fake_1", recipe, Optional.of(Map.of())).settings().isEmpty());
        // replays take none
        assertTrue(CameraSettingsMerge.of("folder:/data?fps=5", recipe, Optional.of(session)).settings().isEmpty());
    }

    @Test
    void escapedValuesAreDecodedOnceAndEscapedAgainToOpen() throws CaptureException {
        CameraSettingsMerge merged = CameraSettingsMerge.of("gige://Vendor%20Model%231?trigger=Line%200",
                map("exposure", "5000"), Optional.empty());
        assertEquals("gige://Vendor%20Model%231", merged.camera());
        assertEquals(map("exposure", "5000", "trigger", "Line 0"), merged.settings());
        assertEquals("gige://Vendor%20Model%231?exposure=5000&trigger=Line%200", merged.toOpen());
    }

    @Test
    void aSpecThatDoesNotParseIsRefusedWithItsOwnMessageWhenOpened() {
        CameraSettingsMerge merged = CameraSettingsMerge.of("usb:front?fps=3", map("width", "640"), Optional.empty());
        assertEquals(map("width", "640"), merged.settings(), "the recipe still applies; nothing typed is kept");
        CaptureException e = assertThrows(CaptureException.class, merged::toOpen);
        assertTrue(e.getMessage().contains("not 'front'"), e.getMessage());
    }

    @Test
    void savingToTheRecipeReplacesOnlyWhatThatKindOfCameraTakes() {
        Map<String, String> recipe = map("exposure", "8000", "width", "320", "fps", "10");
        assertEquals(map("exposure", "8000", "width", "640"),
                CameraSettingsMerge.intoRecipe("usb:0", recipe, map("width", "640", "gain", "3")),
                "a USB camera keeps the recipe's GigE features and drops its own fps when not chosen");
        assertEquals(map("width", "1024"), CameraSettingsMerge.intoRecipe("gige://Fake_1", recipe, map("width", "1024")));
        assertEquals(map("width", "640"), CameraSettingsMerge.forSession("usb:0?fps=3", map("width", "640", "gain", "3")));
        assertEquals(recipe, CameraSettingsMerge.intoRecipe("folder:/data", recipe, map("width", "1")), "a replay changes nothing");
    }
}

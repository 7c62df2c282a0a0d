package io.kensa.ui;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the user chose in "Camera settings".
 *
 * @param camera       the camera without settings ({@code gige://Fake_1}, {@code usb:0}): what the station remembers
 * @param settings     the chosen settings by key, in the order they are applied
 * @param saveToRecipe "Save to recipe" (true) or "Use for this session only"
 */
record CameraChoice(String camera, Map<String, String> settings, boolean saveToRecipe) {
    CameraChoice {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
}

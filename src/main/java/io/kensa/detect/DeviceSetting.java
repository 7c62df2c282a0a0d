package io.kensa.detect;

import java.util.Locale;

/** Where the backbone runs: {@code auto} takes a GPU when the engine has one, else the CPU. */
public enum DeviceSetting {
    AUTO, CPU, GPU;

    public static DeviceSetting parse(String text) throws DetectException {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DetectException("Unknown device '" + text + "'. Use auto, cpu or gpu.");
        }
    }
}

package io.kensa.capture.gige;

import io.kensa.capture.CaptureException;

/** Opens each spec given, grabs a few frames, and prints {@code spec|ok} or {@code spec|error}. Used by {@link NetworkRuleTest}. */
final class OpenProbe {
    private OpenProbe() {}

    public static void main(String[] specs) throws CaptureException {
        for (String spec : specs) {
            try (GigeVisionSource source = GigeVisionSource.fromSpec(spec)) {
                source.open();
                for (int i = 0; i < 5; i++) {
                    source.grab();
                }
                System.out.println(spec + "|ok");
            } catch (CaptureException e) {
                System.out.println(spec + "|error");
            }
        }
    }
}

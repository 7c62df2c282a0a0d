package io.kensa.capture.gige;

import io.kensa.capture.CaptureException;

/**
 * Runs Aravis discovery and prints one line per camera ({@code kind|id|address|vendor|model|serial|spec}).
 * Started by {@link CameraDiscoveryTest} only inside a network namespace that has nothing but loopback,
 * because discovery broadcasts on every interface.
 */
final class DiscoveryProbe {
    private DiscoveryProbe() {}

    public static void main(String[] args) throws CaptureException {
        if (args.length > 0 && args[0].equals("--with-fake")) {
            Aravis.get().arv.arv_enable_interface("Fake");
        }
        for (CameraDiscovery.DiscoveredCamera c : CameraDiscovery.findVisionCameras()) {
            System.out.println(String.join("|", c.kind(), c.id(), c.address(), c.vendor(), c.model(), c.serialNumber(), c.spec()));
        }
    }
}

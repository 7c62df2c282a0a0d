package io.kensa.inspect;

import java.util.Optional;

/**
 * Where each model of the live pipeline really runs, as DJL names the device ({@code cpu()}, {@code gpu(0)}): the
 * detector's backbone, and, when the recipe has a defect classifier, its head's forward pass and its Grad-CAM twin.
 */
public record ComputeDevices(String detector, Optional<String> classifier, Optional<String> gradCam) {
    /** Before the backbone has loaded. */
    public static final ComputeDevices NONE = new ComputeDevices("-", Optional.empty(), Optional.empty());

    /** {@code detector cpu, classifier cpu, Grad-CAM cpu}; {@code , no classifier} when the recipe has none. */
    public String describe() {
        if (equals(NONE)) {
            return "models not loaded yet";
        }
        return "detector " + name(detector) + classifier.map(c -> ", classifier " + name(c)).orElse(", no classifier")
                + gradCam.map(g -> ", Grad-CAM " + name(g)).orElse("");
    }

    /** DJL's {@code cpu()} as {@code cpu}; {@code gpu(0)} stays as it is. */
    static String name(String djlDevice) {
        return djlDevice.endsWith("()") ? djlDevice.substring(0, djlDevice.length() - 2) : djlDevice;
    }
}

package io.kensa.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code resources/} folder that ships beside the application (backbone weights, demo recipe and images).
 * The launcher and the test build pass it as {@code -Dkensa.resources}; otherwise it is looked for beside the
 * jar and in the working directory.
 */
public final class ShippedResources {
    public static final String PROPERTY = "kensa.resources";

    private ShippedResources() {}

    public static Path root() {
        String explicit = System.getProperty(PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(ShippedResources.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("resources/models"))) {
                    return dir.resolve("resources");
                }
            }
        } catch (Exception ignored) {
            // fall through to the working directory
        }
        return Path.of("resources").toAbsolutePath();
    }

    public static Path resolve(String relative) {
        return root().resolve(relative);
    }

    /** The MVTec AD bottle demo images (train/good, test/..., ground_truth/...). */
    public static Path demoBottle() {
        return resolve("demo/bottle");
    }

    /** The shipped MobileNetV2 ImageNet backbone folder. */
    public static Path mobilenetV2() {
        return resolve("models/mobilenet_v2_imagenet");
    }
}

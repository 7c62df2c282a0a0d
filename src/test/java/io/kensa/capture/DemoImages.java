package io.kensa.capture;

import io.kensa.config.ShippedResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Real MVTec AD bottle images from the shipped demo, copied where a test needs them. */
final class DemoImages {
    private DemoImages() {}

    /** The first {@code count} good training images, in name order. */
    static List<Path> good(int count) throws IOException {
        try (Stream<Path> files = Files.list(ShippedResources.demoBottle().resolve("train/good"))) {
            return files.filter(p -> p.toString().endsWith(".png")).sorted().limit(count).toList();
        }
    }

    /** Copies the first {@code names.length} good images into {@code folder} under the given names. */
    static void copyAs(Path folder, String... names) throws IOException {
        List<Path> images = good(names.length);
        Files.createDirectories(folder);
        for (int i = 0; i < names.length; i++) {
            Files.copy(images.get(i), folder.resolve(names[i]));
        }
    }
}

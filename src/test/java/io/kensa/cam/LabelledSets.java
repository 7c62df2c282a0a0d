package io.kensa.cam;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small MVTec-layout copies of the shipped bottle set, for tests that need a labelled folder with defect masks. */
public final class LabelledSets {
    private LabelledSets() {}

    /**
     * {@code dir/train/good/000.png}, and in {@code test/} the first {@code good} good images and the first
     * {@code perDefect} images of each of {@code defects}, with their masks in {@code ground_truth/}.
     */
    public static Path bottle(Path dir, List<String> defects, int perDefect, int good) throws Exception {
        Path src = CamFixtures.bottle();
        Files.createDirectories(dir.resolve("train/good"));
        Files.copy(src.resolve("train/good/000.png"), dir.resolve("train/good/000.png"));
        copy(src, dir, "good", good, false);
        for (String c : defects) {
            copy(src, dir, c, perDefect, true);
        }
        return dir;
    }

    private static void copy(Path src, Path dir, String c, int n, boolean masks) throws Exception {
        Files.createDirectories(dir.resolve("test").resolve(c));
        if (masks) {
            Files.createDirectories(dir.resolve("ground_truth").resolve(c));
        }
        for (int i = 0; i < n; i++) {
            String name = String.format("%03d", i);
            Files.copy(src.resolve("test").resolve(c).resolve(name + ".png"), dir.resolve("test").resolve(c).resolve(name + ".png"));
            if (masks) {
                Files.copy(src.resolve("ground_truth").resolve(c).resolve(name + "_mask.png"),
                        dir.resolve("ground_truth").resolve(c).resolve(name + "_mask.png"));
            }
        }
    }
}

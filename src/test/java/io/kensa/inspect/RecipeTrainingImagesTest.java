package io.kensa.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import io.kensa.util.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collecting good images from a folder and from a live source (a real folder replay), discarding, failures. */
class RecipeTrainingImagesTest {
    @TempDir
    Path dir;

    @Test
    void importedAndCollectedImagesAreNumberedPngsThatSortAndDiscardDeletesTheFile() throws Exception {
        RecipeTrainingImages images = new RecipeTrainingImages(dir.resolve("collection"));
        assertEquals(List.of(), images.list());
        Path source = copyOf(3);
        List<Path> seen = new ArrayList<>();
        List<Path> imported = images.importFolder(source, () -> false, seen::add);
        assertEquals(names("good-00001.png", "good-00002.png", "good-00003.png"), imported.stream().map(Path::getFileName).toList());
        assertEquals(imported, seen);
        List<Path> collected = images.collect("folder:" + source + "?fps=0", 2, Duration.ZERO, () -> false, p -> { });
        assertEquals(names("good-00004.png", "good-00005.png"), collected.stream().map(Path::getFileName).toList());
        images.discard(imported.get(1));
        assertTrue(Files.notExists(imported.get(1)));
        assertEquals(names("good-00001.png", "good-00003.png", "good-00004.png", "good-00005.png"),
                images.list().stream().map(Path::getFileName).toList());
        Path next = images.add(javax.imageio.ImageIO.read(imported.get(0).toFile()));
        assertEquals("good-00006.png", next.getFileName().toString(), "a discarded number is not reused before the last");
    }

    @Test
    void aMissingCameraIsSaidAndAnUnpluggedOneKeepsWhatWasTaken() throws Exception {
        RecipeTrainingImages images = new RecipeTrainingImages(dir.resolve("collection"));
        Path gone = dir.resolve("no-such-folder");
        RecipeTrainingException missing = assertThrows(RecipeTrainingException.class,
                () -> images.collect("folder:" + gone, 3, Duration.ZERO, () -> false, p -> { }));
        assertTrue(missing.getMessage().startsWith("The source folder:" + gone + " stopped: "), missing.getMessage());
        assertTrue(missing.getMessage().endsWith("No image was taken."), missing.getMessage());

        Path source = copyOf(4);
        List<Path> taken = new ArrayList<>();
        RecipeTrainingException unplugged = assertThrows(RecipeTrainingException.class,
                () -> images.collect("folder:" + source + "?fps=0", 10, Duration.ZERO, () -> false, p -> {
                    taken.add(p);
                    if (taken.size() == 2) {
                        deleteFolder(source); // the camera is unplugged after two frames
                    }
                }));
        assertTrue(unplugged.getMessage().endsWith("The 2 images taken before are kept."), unplugged.getMessage());
        assertEquals(taken, images.list());
    }

    private Path copyOf(int count) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("source-" + count));
        List<Path> demo = ImageFiles.list(ShippedResources.demoBottle().resolve("train/good"));
        for (int i = 0; i < count; i++) {
            Files.copy(demo.get(i), folder.resolve(demo.get(i).getFileName()));
        }
        return folder;
    }

    private static List<Path> names(String... names) {
        return List.of(names).stream().map(Path::of).toList();
    }

    private static void deleteFolder(Path folder) {
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
            Files.delete(folder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.kensa.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
    @Test
    void acceptsEveryFormatTheJdkDecodesInAnyCase() {
        for (String name : List.of("a.png", "b.jpg", "c.jpeg", "d.bmp", "e.gif", "f.tif", "g.tiff", "H.PNG", "i.JpEg",
                "part 001.tiff", "x.y.png")) {
            assertTrue(ImageFiles.hasImageName(name), name);
        }
    }

    @Test
    void rejectsHiddenFilesOtherExtensionsAndNoExtension() {
        for (String name : List.of(".png", "._a.png", ".DS_Store", "a.txt", "a.webp", "a.mp4", "png", "a.png.bak",
                "a.", "a")) {
            assertFalse(ImageFiles.hasImageName(name), name);
        }
    }

    @Test
    void listsRegularImageFilesSortedAndSkipsFoldersAndOthers(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.png"), "");
        Files.writeString(dir.resolve("a.TIF"), "");
        Files.writeString(dir.resolve("c.gif"), "");
        Files.writeString(dir.resolve("notes.txt"), "");
        Files.writeString(dir.resolve("._b.png"), "");
        Files.createDirectory(dir.resolve("folder.png"));
        assertEquals(List.of(dir.resolve("a.TIF"), dir.resolve("b.png"), dir.resolve("c.gif")), ImageFiles.list(dir));
        assertFalse(ImageFiles.isImageFile(dir.resolve("folder.png")));
        assertFalse(ImageFiles.isImageFile(dir.resolve("missing.png")));
        assertTrue(ImageFiles.isImageFile(dir.resolve("b.png")));
    }
}

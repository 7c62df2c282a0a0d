package io.kensa.inspect;

import io.kensa.capture.CaptureException;
import io.kensa.capture.Frame;
import io.kensa.capture.FrameSource;
import io.kensa.capture.FrameSources;
import io.kensa.detect.DetectException;
import io.kensa.detect.Images;
import io.kensa.util.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * A recipe's collection of good images: one folder of PNG files named {@code good-00001.png}, {@code good-00002.png}…
 * so that they sort in the order they were taken. Images come from a folder (import) or a live source; discarding one
 * deletes its file.
 */
public final class RecipeTrainingImages {
    private static final Pattern NAME = Pattern.compile("good-(\\d+)\\.png");

    private final Path folder;

    /** @param folder the recipe's collection folder (created on the first image) */
    public RecipeTrainingImages(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /** The collected images in order. */
    public List<Path> list() throws RecipeTrainingException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try {
            return ImageFiles.list(folder);
        } catch (IOException e) {
            throw new RecipeTrainingException("Cannot list the collection folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Saves an image as the next PNG of the collection. */
    public synchronized Path add(BufferedImage image) throws RecipeTrainingException {
        Path file = null;
        try {
            Files.createDirectories(folder);
            file = folder.resolve(String.format(Locale.ROOT, "good-%05d.png", next()));
            Path part = folder.resolve(file.getFileName() + ".part");
            if (!ImageIO.write(image, "png", part.toFile())) {
                throw new IOException("no PNG writer for this image type");
            }
            return Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RecipeTrainingException("Cannot save a good image to " + (file == null ? folder : file) + ": "
                    + e.getMessage() + ". Check that the disk is writable and has space.", e);
        }
    }

    /** Copies every image of {@code source} (as PNG, in name order) into the collection; returns the new files. */
    public List<Path> importFolder(Path source, BooleanSupplier cancelled, Consumer<Path> added)
            throws RecipeTrainingException {
        List<Path> files;
        try {
            files = ImageFiles.list(source);
        } catch (IOException e) {
            throw new RecipeTrainingException("Cannot read folder " + source + ": " + e.getMessage()
                    + ". Pick a folder of images of good parts.", e);
        }
        if (files.isEmpty()) {
            throw new RecipeTrainingException("Folder " + source + " has no images (" + ImageFiles.FORMATS
                    + "). Pick a folder of images of good parts.");
        }
        List<Path> out = new ArrayList<>();
        for (Path f : files) {
            if (cancelled.getAsBoolean()) {
                break;
            }
            try {
                Path saved = add(Images.read(f));
                out.add(saved);
                added.accept(saved);
            } catch (DetectException e) {
                throw new RecipeTrainingException(e.getMessage() + " The " + out.size() + " images before it were"
                        + " imported and kept.", e);
            }
        }
        return out;
    }

    /** Deletes one collected image. */
    public void discard(Path image) throws RecipeTrainingException {
        if (!folder.equals(image.getParent())) {
            throw new IllegalArgumentException(image + " is not in the collection folder " + folder);
        }
        try {
            Files.deleteIfExists(image);
        } catch (IOException e) {
            throw new RecipeTrainingException("Cannot delete " + image + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes {@code count} frames from a live source, one every {@code interval}, into the collection; each saved file
     * goes to {@code added} as soon as it is written. A source that cannot be opened, or that fails mid-way (a camera
     * unplugged), ends with a message saying how many images were kept.
     */
    public List<Path> collect(String spec, int count, Duration interval, BooleanSupplier cancelled, Consumer<Path> added)
            throws RecipeTrainingException {
        List<Path> out = new ArrayList<>();
        try (FrameSource source = FrameSources.create(spec)) {
            source.open();
            for (int i = 0; i < count && !cancelled.getAsBoolean(); i++) {
                if (i > 0 && !pause(interval, cancelled)) {
                    break;
                }
                Frame frame = source.grab();
                Path saved = add(frame.image());
                out.add(saved);
                added.accept(saved);
            }
            return out;
        } catch (CaptureException e) {
            throw new RecipeTrainingException("The source " + spec + " stopped: " + e.getMessage() + " "
                    + (out.isEmpty() ? "No image was taken." : "The " + out.size() + " images taken before are kept."), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return out;
        }
    }

    /** Waits {@code interval} in short steps, so Stop is not held up by a long interval; false when cancelled. */
    private static boolean pause(Duration interval, BooleanSupplier cancelled) throws InterruptedException {
        long end = System.nanoTime() + interval.toNanos();
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(50, left / 1_000_000)));
        }
        return !cancelled.getAsBoolean();
    }

    private int next() throws IOException {
        int max = 0;
        try (var files = Files.list(folder)) {
            for (Path p : files.toList()) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    max = Math.max(max, Integer.parseInt(m.group(1)));
                }
            }
        }
        return max + 1;
    }
}

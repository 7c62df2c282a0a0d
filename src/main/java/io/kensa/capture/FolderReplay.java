package io.kensa.capture;

import io.kensa.util.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/**
 * {@code folder:PATH}: replays the images in a folder in natural name order, looping. The folder is listed again at
 * the start of every lap, so images added or removed while it runs are picked up. A file that cannot be decoded is
 * skipped with a warning naming it, once (until it changes); a folder that is gone fails the grab so the pump
 * reconnects when it is back.
 */
final class FolderReplay extends BaseSource implements Replay {
    static final double DEFAULT_FPS = 10;

    private final Path folder;
    private final boolean recursive;
    private final Pacer pacer;
    private final Map<Path, FileTime> unreadable = new HashMap<>();
    private List<Path> lap = List.of();
    private int next;

    FolderReplay(SourceSpec spec) throws CaptureException {
        super(spec);
        this.folder = spec.path().toAbsolutePath().normalize();
        this.recursive = spec.flag("recursive", false);
        this.pacer = new Pacer(spec.doubleParam("fps").orElse(DEFAULT_FPS));
    }

    @Override
    public void open() throws CaptureException {
        lap = list();
        next = 0;
        pacer.restart();
    }

    @Override
    public Frame grab() throws CaptureException {
        while (true) {
            if (next >= lap.size()) {
                lap = list();
                next = 0;
            }
            Path file = lap.get(next++);
            Optional<BufferedImage> image = read(file);
            if (image.isPresent()) {
                try {
                    pacer.awaitNext();
                } catch (InterruptedException e) {
                    throw interrupted();
                }
                return frame(folder.relativize(file).toString().replace('\\', '/'), image.get());
            }
        }
    }

    @Override
    public void setFps(double fps) {
        pacer.setFps(fps);
    }

    @Override
    public double fps() {
        return pacer.fps();
    }

    @Override
    public void close() {
        lap = List.of();
    }

    private List<Path> list() throws CaptureException {
        if (!Files.isDirectory(folder)) {
            throw new CaptureException("The replay folder " + folder + " is not there (moved, deleted or not mounted). "
                    + "Put it back or choose another source; Kensa keeps retrying.");
        }
        List<Path> images;
        try (Stream<Path> files = Files.walk(folder, recursive ? Integer.MAX_VALUE : 1)) {
            images = files.filter(ImageFiles::isImageFile)
                    .filter(this::notKnownUnreadable)
                    .sorted((a, b) -> NaturalOrder.INSTANCE.compare(relative(a), relative(b)))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new CaptureException("Cannot list the replay folder " + folder + ": " + e.getMessage()
                    + ". Check that it exists and is readable.", e);
        }
        if (images.isEmpty()) {
            throw new CaptureException("The replay folder " + folder + " has no readable images (png, jpg, bmp, gif, tif)"
                    + (recursive ? "" : "; add ?recursive=true to replay its sub-folders") + ".");
        }
        return images;
    }

    private Optional<BufferedImage> read(Path file) throws CaptureException {
        String problem;
        try {
            Optional<BufferedImage> image = decode(file);
            if (image.isPresent()) {
                return Optional.of(Images.standardType(image.get()));
            }
            problem = "it is not an image format Kensa can read";
        } catch (ImageDecoder.TooLarge e) {
            problem = e.getMessage();
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw interrupted();
            }
            if (!Files.isDirectory(folder)) {
                throw new CaptureException("The replay folder " + folder + " disappeared while replaying. "
                        + "Put it back or choose another source; Kensa keeps retrying.", e);
            }
            if (!Files.exists(file)) {
                return Optional.empty(); // removed since the lap was listed: the next listing will not have it
            }
            problem = describe(e);
        }
        unreadable.put(file, modified(file));
        warn("Skipped " + folder.relativize(file) + " in the replay folder " + folder + ": " + problem
                + " (corrupt or unreadable file).");
        return Optional.empty();
    }

    /** Decodes the first image of a file under the pixel cap; empty when no decoder knows the format. */
    private static Optional<BufferedImage> decode(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException("cannot open the file");
            }
            return ImageDecoder.decode(in);
        }
    }

    /** The decoder's complaint and its causes, e.g. "Error reading PNG image data: the file ends early". */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String part = t instanceof EOFException ? "the file ends early (truncated)"
                    : t instanceof OutOfMemoryError ? "not enough memory to decode it (image too large)"
                    : t.getMessage() == null ? "" : t.getMessage().replaceFirst("^Caught exception during read:\\s*$", "").strip();
            if (!part.isEmpty() && text.indexOf(part) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(part);
            }
        }
        return text.length() == 0 ? "image too large or truncated (" + e.getClass().getSimpleName() + ")" : text.toString();
    }

    private boolean notKnownUnreadable(Path file) {
        FileTime seen = unreadable.get(file);
        return seen == null || !seen.equals(modified(file));
    }

    private String relative(Path file) {
        return folder.relativize(file).toString();
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}

package io.kensa.detect;

import io.kensa.util.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A folder in MVTec AD layout: {@code train/good/}, {@code test/good/}, {@code test/<defect>/},
 * {@code ground_truth/<defect>/<name>_mask.png}. Opening checks the layout and every image's header
 * (readable, not tiny, all colour or all greyscale) so that bad input fails before any long work.
 */
public record MvtecDataset(Path root, List<Path> trainGood, List<LabelledImage> test) {
    private static final String LAYOUT = "expected train/good/, test/good/, test/<defect>/ and optionally"
            + " ground_truth/<defect>/<name>_mask.png";

    public MvtecDataset {
        trainGood = List.copyOf(trainGood);
        test = List.copyOf(test);
    }

    /** Opens and checks the folder; {@code needTest} also requires test images of both kinds. */
    public static MvtecDataset open(Path root, boolean needTest) throws DetectException {
        if (!Files.isDirectory(root)) {
            throw new DetectException("Data folder " + root + " does not exist or is not a folder.");
        }
        Path train = root.resolve("train/good");
        if (!Files.isDirectory(train)) {
            throw new DetectException("Folder " + root + " is not in MVTec AD layout: " + train + " is missing ("
                    + LAYOUT + ").");
        }
        List<Path> good = images(train);
        if (good.isEmpty()) {
            throw new DetectException("Folder " + train + " contains no images (" + ImageFiles.FORMATS + "). Add good images to train on.");
        }
        List<LabelledImage> test = new ArrayList<>();
        Path testDir = root.resolve("test");
        if (Files.isDirectory(testDir)) {
            for (Path category : folders(testDir)) {
                String name = category.getFileName().toString();
                boolean defective = !name.equals("good");
                for (Path image : images(category)) {
                    Optional<Path> mask = Optional.empty();
                    if (defective) {
                        String stem = image.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                        Path m = root.resolve("ground_truth").resolve(name).resolve(stem + "_mask.png");
                        if (Files.isRegularFile(m)) {
                            mask = Optional.of(m);
                        }
                    }
                    test.add(new LabelledImage(image, defective, mask));
                }
            }
        }
        if (needTest) {
            boolean anyGood = test.stream().anyMatch(t -> !t.defective());
            boolean anyDefect = test.stream().anyMatch(LabelledImage::defective);
            if (!anyGood || !anyDefect) {
                throw new DetectException("Folder " + testDir + " needs test/good/ and at least one test/<defect>/ folder"
                        + " with images to evaluate (" + LAYOUT + ").");
            }
        }
        MvtecDataset data = new MvtecDataset(root, good, test);
        data.checkHeaders(needTest);
        return data;
    }

    /** Test images grouped by folder name (good, then each defect type). */
    public Map<String, List<LabelledImage>> byCategory() {
        Map<String, List<LabelledImage>> m = new LinkedHashMap<>();
        for (LabelledImage t : test) {
            m.computeIfAbsent(t.image().getParent().getFileName().toString(), k -> new ArrayList<>()).add(t);
        }
        return m;
    }

    /** Checks what will be read: the good training images, and the test images and masks only when they are used. */
    private void checkHeaders(boolean withTest) throws DetectException {
        Path first = null;
        boolean firstGrey = false;
        List<Path> all = new ArrayList<>(trainGood);
        if (withTest) {
            test.forEach(t -> all.add(t.image()));
        }
        for (Path p : all) {
            Header h = header(p);
            if (Math.min(h.width, h.height) < Images.MIN_SIDE) {
                throw new DetectException("Image " + p + " is only " + h.width + "x" + h.height + " pixels; at least "
                        + Images.MIN_SIDE + " pixels per side are needed.");
            }
            if (first == null) {
                first = p;
                firstGrey = h.grey;
            } else if (h.grey != firstGrey) {
                throw new DetectException("Image " + p + " is " + (h.grey ? "greyscale" : "colour") + " but " + first
                        + " is " + (firstGrey ? "greyscale" : "colour") + ": a data set must be all colour or all"
                        + " greyscale. Convert or remove " + p.getFileName() + ".");
            }
        }
        for (LabelledImage t : withTest ? test : List.<LabelledImage>of()) {
            if (t.mask().isPresent()) {
                header(t.mask().get());
            }
        }
    }

    private record Header(int width, int height, boolean grey) {}

    private static Header header(Path p) throws DetectException {
        try (ImageInputStream in = ImageIO.createImageInputStream(p.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DetectException("Cannot read image " + p + ": not a PNG, JPEG, BMP or GIF image. Convert or remove it.");
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in);
                var type = r.getRawImageType(0);
                boolean grey = type != null
                        && type.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
                return new Header(r.getWidth(0), r.getHeight(0), grey);
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new DetectException("Cannot read image " + p + ": the file is damaged or not an image ("
                    + e.getMessage() + "). Replace or remove it.", e);
        }
    }

    private static List<Path> images(Path dir) throws DetectException {
        try {
            return ImageFiles.list(dir);
        } catch (IOException e) {
            throw new DetectException("Cannot list folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> folders(Path dir) throws DetectException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> f = new ArrayList<>(s.filter(Files::isDirectory).sorted().toList());
            // good first, then the defect types
            f.sort((a, b) -> Boolean.compare(!a.getFileName().toString().equals("good"), !b.getFileName().toString().equals("good")));
            return f;
        } catch (IOException e) {
            throw new DetectException("Cannot list folder " + dir + ": " + e.getMessage(), e);
        }
    }
}

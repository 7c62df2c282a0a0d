package io.kensa.inspect;

import io.kensa.cam.CamException;
import io.kensa.cam.Classifier;
import io.kensa.cam.ClassifierHead;
import io.kensa.cam.ClassifierReport;
import io.kensa.cam.ClassifierTraining;
import io.kensa.detect.Backbone;
import io.kensa.detect.Cancellation;
import io.kensa.detect.DetectException;
import io.kensa.detect.Images;
import io.kensa.detect.Progress;
import io.kensa.model.Operator;
import io.kensa.model.Permission;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.RecipeException;
import io.kensa.recipe.Recipes;
import io.kensa.store.DecidedImage;
import io.kensa.store.InspectionStore;
import io.kensa.store.StoreException;
import io.kensa.util.Hashes;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * "Retrain from the log": the inspectors' decisions since the classifier's last training become labelled images; a
 * seeded, stratified part of them is held out, a new head is trained on the rest (plus the decisions the current head
 * was already trained on and, optionally, the original labelled folder), and the current and the new head are both
 * measured on the held-out part, so the gain from the inspectors' work is a number. The new head is written to a
 * candidate file only: the recipe changes when QA {@link #publish publishes} it, as a new recipe version.
 *
 * <p>The same frame replayed or inspected twice has one stored image: the log is counted by image (the newest
 * decision on an image wins), so an image is never both trained on and held out. Folder images whose pixels equal a
 * held-out image are left out of training for the same reason.
 */
public final class ClassifierRetraining {
    /** The fewest usable decided images since the last training that a retraining accepts. */
    public static final int MIN_DECISIONS = 6;
    private static final int PAGE = 500;

    private final InspectionStore store;
    private final Backbone backbone;

    /**
     * @param since     decisions from this instant on are new to the current head (default: its training time, else
     *                  the whole log); decisions before it are trained on but never held out
     * @param folder    the original labelled folder ({@code DIR/<class>/} or MVTec {@code DIR/test/<class>/}), also
     *                  trained on
     * @param settings  training settings; {@code holdout} is the share of the new decisions held out and {@code seed}
     *                  seeds the split; input size and logits follow the current head
     * @param candidate where the new head is written
     */
    public record Request(Optional<Instant> since, Optional<Path> folder, ClassifierTraining.Settings settings,
                          Path candidate) {
        public Request {
            since = since == null ? Optional.empty() : since;
            folder = folder == null ? Optional.empty() : folder;
        }
    }

    /**
     * What a retraining found and measured.
     *
     * @param since         the start of the new decisions ({@link Instant#EPOCH}: the whole log)
     * @param until         the log was read up to here; recorded in the candidate as its training time
     * @param decisions     standing decisions since {@code since} (one per inspection)
     * @param images        distinct images among them whose file was found
     * @param train         new images trained on
     * @param heldOut       new images held out and measured on
     * @param earlier       images decided before {@code since}, trained on
     * @param folderImages  images of the labelled folder trained on
     * @param skippedImages decided images whose file is missing (all of the log, skipped)
     * @param before        the current head on the held-out part
     * @param after         the new head on the held-out part
     * @param trainedOn     the new head's training images by path (to check the parts are disjoint)
     * @param heldOutImages the held-out images by path
     */
    public record Result(String recipe, int recipeVersion, Instant since, Instant until, int decisions, int images,
                         int train, int heldOut, int earlier, int folderImages, int skippedImages,
                         ClassifierReport before, ClassifierReport after, Path candidate, List<Path> trainedOn,
                         List<Path> heldOutImages) {
        public Result {
            trainedOn = List.copyOf(trainedOn);
            heldOutImages = List.copyOf(heldOutImages);
        }
    }

    public ClassifierRetraining(InspectionStore store, Backbone backbone) {
        this.store = store;
        this.backbone = backbone;
    }

    /** Trains a candidate head from the decision log of {@code recipe}; the recipe is not changed. */
    public Result retrain(Recipe recipe, Request request, Progress progress, BooleanSupplier cancelled)
            throws ClassifierRetrainingException {
        Recipe.ClassifierSettings settings = recipe.classifier().orElseThrow(() -> new ClassifierRetrainingException(
                "Recipe " + recipe.name() + " v" + recipe.version() + " (" + recipe.folder().resolve("recipe.json")
                        + ") has no classifier to retrain. Train one with 'kensa classify train --data DIR --out FILE'"
                        + " and name it in the recipe's classifier.file."));
        ClassifierHead current;
        try {
            current = ClassifierHead.load(settings.file(), backbone);
        } catch (CamException e) {
            throw new ClassifierRetrainingException("Recipe " + recipe.name() + " v" + recipe.version() + ": "
                    + e.getMessage(), e);
        }
        Instant until = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant since = request.since().or(() -> current.training().map(ClassifierHead.Training::until))
                .orElse(Instant.EPOCH);
        progress.update(0, "Reading the decision log of recipe " + recipe.name());
        List<DecidedImage> fresh = read(recipe.name(), since, until);
        List<DecidedImage> earlier = since.equals(Instant.EPOCH) ? List.of() : read(recipe.name(), Instant.EPOCH, since);
        String range = since.equals(Instant.EPOCH) ? "in the whole log" : "since " + since;

        Map<String, DecidedImage> newest = newestPerImage(fresh);
        List<DecidedImage> found = newest.values().stream().filter(d -> Files.isRegularFile(d.image())).toList();
        Map<String, DecidedImage> older = newestPerImage(earlier);
        older.keySet().removeAll(newest.keySet());
        List<DecidedImage> olderFound = older.values().stream().filter(d -> Files.isRegularFile(d.image())).toList();
        int skipped = newest.size() - found.size() + older.size() - olderFound.size();
        String skippedNote = skipped == 0 ? "" : " " + skipped + " decided image" + (skipped == 1 ? " was" : "s were")
                + " skipped because the file is missing from " + store.imageFolder() + ".";
        if (found.size() < MIN_DECISIONS) {
            throw new ClassifierRetrainingException("Recipe " + recipe.name() + " has " + found.size()
                    + " decided image" + (found.size() == 1 ? "" : "s") + " " + range + " (" + fresh.size()
                    + " standing decisions); a retraining needs at least " + MIN_DECISIONS + " to train on and hold"
                    + " some out." + skippedNote + " Decide more frames at the station (accept or override), or give"
                    + " an earlier --since.");
        }
        List<String> classes = List.copyOf(new TreeSet<>(found.stream().map(DecidedImage::finalClass).toList()));
        if (classes.size() < 2) {
            throw new ClassifierRetrainingException("All " + found.size() + " decided images of recipe " + recipe.name()
                    + " " + range + " are of one class ('" + classes.get(0) + "'), so before and after cannot be told"
                    + " apart on them. Decide frames of at least 2 classes, or give an earlier --since.");
        }

        int[] labels = found.stream().mapToInt(d -> classes.indexOf(d.finalClass())).toArray();
        ClassifierTraining.Split split = ClassifierTraining.split(labels, classes.size(),
                request.settings().seed(), request.settings().holdout());
        List<DecidedImage> heldOut = pick(found, split.heldOut());
        List<DecidedImage> train = pick(found, split.train());

        List<Path> images = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        train.forEach(d -> add(images, truth, d.image(), d.finalClass()));
        olderFound.forEach(d -> add(images, truth, d.image(), d.finalClass()));
        int folderImages = 0;
        if (request.folder().isPresent()) {
            Set<String> heldOutPixels = pixelHashes(heldOut.stream().map(DecidedImage::image).toList(),
                    progress.range(0.02, 0.06), cancelled);
            ClassifierTraining.LabelledSet folder = openFolder(request.folder().get());
            for (int i = 0; i < folder.images().size(); i++) {
                Cancellation.check(cancelled, "The retraining");
                progress.update(0.06 + 0.04 * i / folder.images().size(), "Checking the labelled folder for held-out images");
                Path file = folder.images().get(i);
                if (!heldOutPixels.contains(pixelHash(file).orElse(""))) {
                    add(images, truth, file, folder.classes().get(folder.labels()[i]));
                    folderImages++;
                }
            }
        }
        ClassifierTraining.LabelledSet trainSet = labelled(store.imageFolder(), images, truth);
        checkTrainable(recipe, current, trainSet, range, request.folder().isPresent());

        ClassifierTraining.Settings s = request.settings().withInputSize(current.inputSize())
                .withLogits(current.usesLogits());
        ClassifierHead candidate;
        ClassifierReport before, after;
        String evaluation = String.format(Locale.ROOT, "held-out %.0f%% per class of the %d decided images %s"
                + " (stratified, seed %d)", 100 * s.holdout(), found.size(), range, s.seed());
        ClassifierTraining.LabelledSet heldOutSet = labelled(store.imageFolder(),
                heldOut.stream().map(DecidedImage::image).toList(), heldOut.stream().map(DecidedImage::finalClass).toList());
        try {
            candidate = ClassifierTraining.fit(backbone, trainSet, s, progress.range(0.1, 0.8), cancelled);
            before = ClassifierTraining.evaluate(Classifier.of(backbone, current), heldOutSet, evaluation,
                    progress.range(0.8, 0.9), cancelled);
            after = ClassifierTraining.evaluate(Classifier.of(backbone, candidate), heldOutSet, evaluation,
                    progress.range(0.9, 1), cancelled);
            candidate.withReport(after).withTraining(new ClassifierHead.Training(until, recipe.name(),
                    train.size() + olderFound.size(), request.folder(), folderImages)).save(request.candidate());
        } catch (CamException e) {
            throw new ClassifierRetrainingException(e.getMessage(), e);
        }
        progress.update(1, String.format(Locale.ROOT, "Retrained: accuracy %.3f before, %.3f after on %d held-out images",
                before.accuracy(), after.accuracy(), heldOut.size()));
        return new Result(recipe.name(), recipe.version(), since, until, fresh.size(), found.size(), train.size(),
                heldOut.size(), olderFound.size(), folderImages, skipped, before, after, request.candidate(),
                trainSet.images(), heldOutSet.images());
    }

    /**
     * Publishes {@code candidate} with {@code recipe} as its next version (QA's explicit step), through the recipe's
     * draft: it must load on this backbone and say what it was trained on; the draft must hold no other unpublished
     * edit (they would reach the line unseen) and the line must still run the version it was retrained from. Returns
     * the recipe as published.
     *
     * @throws io.kensa.model.PermissionDeniedException when {@code publisher}'s role may not publish; nothing is saved
     */
    public Recipe publish(Recipe recipe, Path candidate, Recipes recipes, Operator publisher)
            throws ClassifierRetrainingException {
        Permission.PUBLISH.require(publisher);
        RecipeVersions versions = new RecipeVersions(recipes.workspace(), Clock.systemUTC());
        String name = recipe.name();
        try {
            ClassifierHead head = ClassifierHead.load(candidate, backbone);
            ClassifierHead.Training training = head.training().orElseThrow(() -> new ClassifierRetrainingException(
                    "Classifier " + candidate + " does not say what it was trained on; only a head from 'kensa classify"
                            + " retrain' is published this way."));
            int live = recipes.load(name).version();
            if (live != recipe.version()) {
                throw new ClassifierRetrainingException("Not published: recipe " + name + " is v" + live + " now, the"
                        + " candidate was retrained from v" + recipe.version() + ". Retrain on v" + live + ".");
            }
            if (!versions.diffDraft(name).isEmpty()) {
                throw new ClassifierRetrainingException("Not published: the draft of " + name + " holds other edits"
                        + " that would reach the line with the classifier. Publish or discard them in the Recipes tab"
                        + " (Versions), then publish the classifier again.");
            }
            versions.saveClassifierToDraft(publisher, name, "classifier-v" + (live + 1) + ".json", candidate);
            return versions.publish(publisher, name, "classifier retrained from the decision log up to "
                    + training.trainedAt() + " (" + training.logImages() + " decided images)");
        } catch (CamException | RecipeException e) {
            throw new ClassifierRetrainingException("Not published: " + e.getMessage(), e);
        }
    }

    private List<DecidedImage> read(String recipe, Instant from, Instant to) throws ClassifierRetrainingException {
        List<DecidedImage> all = new ArrayList<>();
        long after = 0;
        try {
            while (true) {
                List<DecidedImage> page = store.decidedImages(recipe, from, to, after, PAGE);
                all.addAll(page);
                if (page.size() < PAGE) {
                    return all;
                }
                after = page.get(page.size() - 1).inspection().value();
            }
        } catch (StoreException e) {
            throw new ClassifierRetrainingException(e.getMessage(), e);
        }
    }

    /** One decision per stored image, the newest (the inspector's latest word on that frame), in decision order. */
    private static Map<String, DecidedImage> newestPerImage(List<DecidedImage> decided) {
        Map<String, DecidedImage> byImage = new LinkedHashMap<>();
        decided.stream().sorted(Comparator.comparing(DecidedImage::decidedAt).thenComparing(d -> d.decision().value()))
                .forEach(d -> {
                    byImage.remove(d.imageSha256());
                    byImage.put(d.imageSha256(), d);
                });
        return byImage;
    }

    private static List<DecidedImage> pick(List<DecidedImage> all, int[] indices) {
        List<DecidedImage> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(all.get(i));
        }
        return out;
    }

    private static void add(List<Path> images, List<String> truth, Path image, String cls) {
        images.add(image);
        truth.add(cls);
    }

    private static ClassifierTraining.LabelledSet labelled(Path root, List<Path> images, List<String> truth) {
        List<String> classes = List.copyOf(new TreeSet<>(truth));
        return new ClassifierTraining.LabelledSet(root, classes, images,
                truth.stream().mapToInt(classes::indexOf).toArray());
    }

    private static ClassifierTraining.LabelledSet openFolder(Path folder) throws ClassifierRetrainingException {
        try {
            return ClassifierTraining.open(folder);
        } catch (CamException e) {
            throw new ClassifierRetrainingException(e.getMessage(), e);
        }
    }

    /** Each class needs {@link ClassifierTraining#MIN_IMAGES_PER_CLASS} images, and no class of the current head is lost. */
    private static void checkTrainable(Recipe recipe, ClassifierHead current, ClassifierTraining.LabelledSet set,
                                       String range, boolean withFolder) throws ClassifierRetrainingException {
        int[] counts = new int[set.classes().size()];
        for (int label : set.labels()) {
            counts[label]++;
        }
        String more = withFolder ? "Decide more frames of that class at the station, or add images to the folder."
                : "Decide more frames of that class, or give the original labelled folder with --data DIR.";
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] < ClassifierTraining.MIN_IMAGES_PER_CLASS) {
                throw new ClassifierRetrainingException("Class '" + set.classes().get(c) + "' has only " + counts[c]
                        + " training image" + (counts[c] == 1 ? "" : "s") + " (decided images of recipe " + recipe.name()
                        + " " + range + " after the held-out part" + (withFolder ? ", plus the folder" : "") + "); at least "
                        + ClassifierTraining.MIN_IMAGES_PER_CLASS + " per class are needed. " + more);
            }
        }
        List<String> lost = current.classes().stream().filter(c -> !set.classes().contains(c)).toList();
        if (!lost.isEmpty()) {
            throw new ClassifierRetrainingException("The current classifier of recipe " + recipe.name() + " knows "
                    + lost + " but no training image " + range + " is of " + (lost.size() == 1 ? "that class" : "those classes")
                    + ", so the new head would lose " + (lost.size() == 1 ? "it" : "them") + ". "
                    + (withFolder ? "Add images of it to the folder." : "Give the original labelled folder with --data DIR."));
        }
    }

    private static Set<String> pixelHashes(List<Path> files, Progress progress, BooleanSupplier cancelled) {
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            Cancellation.check(cancelled, "The retraining");
            progress.update((double) i / files.size(), "Reading the held-out images");
            pixelHash(files.get(i)).ifPresent(hashes::add);
        }
        return hashes;
    }

    /** sha256 of an image's decoded RGB pixels (the same frame as a JPEG file and as the stored PNG match); empty when unreadable. */
    private static Optional<String> pixelHash(Path file) {
        try {
            BufferedImage image = Images.read(file);
            int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            ByteBuffer bytes = ByteBuffer.allocate(8 + 4 * rgb.length).putInt(image.getWidth()).putInt(image.getHeight());
            bytes.asIntBuffer().put(rgb);
            return Optional.of(Hashes.sha256Hex(bytes.array()));
        } catch (DetectException e) {
            return Optional.empty();
        }
    }
}

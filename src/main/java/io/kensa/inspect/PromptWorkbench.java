package io.kensa.inspect;

import io.kensa.config.ShippedResources;
import io.kensa.detect.Detection;
import io.kensa.detect.Progress;
import io.kensa.llm.ExplainRequest;
import io.kensa.llm.Explainer;
import io.kensa.llm.LoadedProfile;
import io.kensa.llm.MaskDetections;
import io.kensa.llm.ProfileDiff;
import io.kensa.llm.ProfileDocument;
import io.kensa.llm.ProfileException;
import io.kensa.llm.PromptPart;
import io.kensa.llm.PromptProfiles;
import io.kensa.model.Operator;
import io.kensa.recipe.RecipeException;
import io.kensa.recipe.Recipes;
import io.kensa.store.PromptProfileStore;
import io.kensa.store.StoreException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/**
 * What the Prompts screen does to files and the database, UI-free and blocking (call it on a background thread):
 * the recipe's starting profile, stored versions and their differences, saving, import and export, copying reference
 * images into the recipe, and trying or measuring a draft.
 *
 * <p>The recipe folder is asked for each time: saving camera settings moves a shipped recipe into a station copy while
 * Kensa runs, and from then on versions and reference images belong in the copy.
 */
public final class PromptWorkbench {
    private final PromptProfileStore store;
    private final Supplier<Path> recipeFolder;

    /**
     * @param store         where profile versions are kept
     * @param recipeFolder  the folder of the recipe being edited, asked each time
     */
    public PromptWorkbench(PromptProfileStore store, Supplier<Path> recipeFolder) {
        this.store = store;
        this.recipeFolder = recipeFolder;
    }

    /** The recipe folder now (reference image paths are relative to it). */
    public Path recipeFolder() {
        return recipeFolder.get();
    }

    /** The shipped labelled demo set, if installed: where the Try and Measure choosers start. */
    public Optional<Path> demoSet() {
        Path demo = ShippedResources.demoBottle();
        return Files.isDirectory(demo) ? Optional.of(demo) : Optional.empty();
    }

    /** The profile to start editing: the newest stored version of the recipe file's profile, else the file itself. */
    public ProfileDocument start() throws ProfileException, StoreException, IOException {
        Path file = recipeFolder().resolve(PromptProfiles.FILE_NAME);
        ProfileDocument fromFile = PromptProfiles.fromJson(Files.readString(file), file.toString());
        // normally equal to the file; newer when a version was saved but the file could not be written
        return store.latest(fromFile.name()).orElse(fromFile);
    }

    /** The stored profile names, with {@code include} added (sorted) when it is not stored yet. */
    public List<String> names(String include) throws StoreException {
        List<String> all = new ArrayList<>(store.names());
        if (!include.isBlank() && !all.contains(include)) {
            all.add(include);
            all.sort(Comparator.naturalOrder());
        }
        return all;
    }

    /** The stored versions of a profile, newest first. */
    public List<PromptProfileStore.Version> versionsNewestFirst(String profile) throws StoreException {
        List<PromptProfileStore.Version> newestFirst = new ArrayList<>(store.versions(profile));
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    public Optional<ProfileDocument> version(String profile, int version) throws StoreException {
        return store.version(profile, version);
    }

    /** The line diff of {@code older} against {@code newer}, or against {@code current} (the draft) without one. */
    public List<ProfileDiff.Line> diff(PromptProfileStore.Version older, Optional<PromptProfileStore.Version> newer,
                                       ProfileDocument current) throws StoreException {
        ProfileDocument a = store.version(older.name(), older.version()).orElseThrow();
        ProfileDocument b = newer.isPresent() ? store.version(newer.get().name(), newer.get().version()).orElseThrow() : current;
        return ProfileDiff.diff(a, b);
    }

    /** Everything wrong with the draft, checked against the recipe folder (reference images must exist there). */
    public List<String> problems(ProfileDocument draft) {
        return PromptProfiles.problems(draft, recipeFolder());
    }

    /**
     * Stores the draft as a new version and writes it to the recipe file (see {@link PromptVersions#save}); {@code author}
     * must hold {@code PUBLISH} and is recorded with the version.
     */
    public PromptVersions.Saved save(ProfileDocument draft, Operator author) throws ProfileException, StoreException {
        return PromptVersions.save(store, draft, recipeFolder(), author);
    }

    public ProfileDocument importFrom(Path file) throws ProfileException, IOException {
        return PromptProfiles.fromJson(Files.readString(file), file.toString());
    }

    public void exportTo(ProfileDocument document, Path file) throws ProfileException {
        PromptProfiles.write(document, file);
    }

    /**
     * Makes an image a reference image of the recipe (a chosen file, a snapshot or a frame from the decision log all
     * come this way): one inside the recipe folder is named by its relative path, one
     * from outside is copied into the folder first (under a free name), so the recipe and an exported profile stay
     * self-contained.
     *
     * @return the reference as the profile names it (relative to the recipe folder, with {@code /})
     */
    public String addReference(Path file) throws IOException {
        readImage(file);
        Path folder = recipeFolder().toAbsolutePath().normalize();
        Path absolute = file.toAbsolutePath().normalize();
        if (absolute.startsWith(folder)) {
            return folder.relativize(absolute).toString().replace('\\', '/');
        }
        String fileName = absolute.getFileName().toString();
        Path target = folder.resolve(fileName);
        for (int i = 2; Files.exists(target); i++) {
            target = folder.resolve(fileName.replaceFirst("(\\.[^.]+)?$", "-" + i + "$1"));
        }
        Files.copy(absolute, target);
        return target.getFileName().toString();
    }

    /** The image's ground-truth mask in MVTec layout, if there is one (see {@link PromptEvaluation#maskOf}). */
    public Optional<Path> maskOf(Path image) {
        return PromptEvaluation.maskOf(image);
    }

    /** The request that explains one image with the draft; the mask (white = anomalous) stands in for the detector. */
    public ExplainRequest tryRequest(ProfileDocument draft, Path image, Optional<Path> mask) throws ProfileException, IOException {
        LoadedProfile loaded = LoadedProfile.load(draft, recipeFolder());
        BufferedImage frame = readImage(image);
        BufferedImage maskImage = mask.isPresent() ? readImage(mask.get())
                : new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Detection detection = MaskDetections.fromMask(maskImage, frame.getWidth(), frame.getHeight());
        return new ExplainRequest(frame, detection, loaded);
    }

    /** Measures the draft on a labelled folder with ground-truth masks as anomaly maps (see {@link PromptEvaluation}). */
    public PromptEvaluation.Report measure(Explainer explainer, ProfileDocument draft, Path dataFolder, boolean withGood,
                                           Progress progress, BooleanSupplier cancelled)
            throws ProfileException, PromptEvaluationException {
        LoadedProfile loaded = LoadedProfile.load(draft, recipeFolder());
        List<PromptEvaluation.Sample> samples = PromptEvaluation.samples(dataFolder, loaded.profile(), withGood);
        return PromptEvaluation.run(explainer, loaded, samples, progress, cancelled);
    }

    /**
     * The draft on a labelled set, whole and once without each of {@code parts} (see {@link PromptAblation}); the
     * answers are kept in {@code answers}, so a measurement cancelled or run again asks only what it has not.
     */
    public PromptAblation ablate(Explainer explainer, ProfileDocument draft, LabelledSet set, List<PromptPart> parts,
                                 AnswerCache answers, Progress progress, BooleanSupplier cancelled)
            throws ProfileException, PromptEvaluationException, StoreException {
        LoadedProfile loaded = LoadedProfile.load(draft, recipeFolder());
        List<PromptEvaluation.Sample> samples = set.samples(loaded.profile());
        return PromptAblation.run(explainer, loaded, samples, parts, answers, progress, cancelled);
    }

    /** Two stored versions of a profile on the same labelled set (see {@link PromptComparison}). */
    public PromptComparison compare(Explainer explainer, String profile, int first, int second, LabelledSet set,
                                    AnswerCache answers, Progress progress, BooleanSupplier cancelled)
            throws ProfileException, PromptEvaluationException, StoreException {
        LoadedProfile before = LoadedProfile.load(stored(profile, first), recipeFolder());
        LoadedProfile after = LoadedProfile.load(stored(profile, second), recipeFolder());
        List<PromptEvaluation.Sample> samples = set.samples(before.profile());
        return PromptComparison.run(explainer, before, after, samples, answers, progress, cancelled);
    }

    /** The name of the recipe being edited (the decision log's measurements default to it). */
    public String recipeName() throws RecipeException {
        return Recipes.read(recipeFolder().resolve("recipe.json")).name();
    }

    private ProfileDocument stored(String profile, int version) throws StoreException {
        return version(profile, version).orElseThrow(() -> new StoreException("Prompt profile '" + profile
                + "' has no stored version " + version + ". Pick a version from the library on the left."));
    }

    private static BufferedImage readImage(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist (moved or deleted?). Choose the image again.");
        }
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + " is not a PNG or JPEG image.");
        }
        return image;
    }
}

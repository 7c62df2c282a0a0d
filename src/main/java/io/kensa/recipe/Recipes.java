package io.kensa.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kensa.config.KensaHome;
import io.kensa.config.ShippedResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and reads recipes: the station's own in {@code <data folder>/recipes/<name>/recipe.json} first, then the
 * ones shipped in {@code resources/recipes/}. {@code ${resources}} in a path stands for the shipped resources folder.
 */
public final class Recipes {
    public static final String DEMO = "bottle";
    private static final Logger LOG = LoggerFactory.getLogger(Recipes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Path> roots;

    public Recipes(KensaHome home) {
        this(List.of(home.recipes(), ShippedResources.resolve("recipes")));
    }

    Recipes(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** Names of all recipes found, station recipes shadowing shipped ones of the same name. */
    public List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> dirs = Files.list(root)) {
                // a dot folder is a copy being saved (or one a crash left behind), never a recipe
                dirs.filter(d -> !d.getFileName().toString().startsWith(".") && Files.isRegularFile(d.resolve("recipe.json")))
                        .forEach(d -> names.add(d.getFileName().toString()));
            } catch (IOException ignored) {
                // an unreadable folder simply contributes no recipes
            }
        }
        return List.copyOf(names);
    }

    public Recipe load(String name) throws RecipeException {
        for (Path root : roots) {
            Path file = root.resolve(name).resolve("recipe.json");
            if (Files.isRegularFile(file)) {
                return read(file);
            }
        }
        throw new RecipeException("No recipe named '" + name + "' (looked in " + roots + "). Known recipes: " + names());
    }

    /**
     * Saves camera settings as the recipe's {@code camera} map, as the next version, and returns the recipe as saved
     * (how a version is saved, and when it is refused: see {@link #save}).
     */
    public Recipe saveCamera(Recipe recipe, Map<String, String> camera) throws RecipeException {
        return save(recipe, "camera settings", root -> {
            ObjectNode cameraNode = JSON.createObjectNode();
            camera.forEach(cameraNode::put);
            root.set("camera", cameraNode);
        }, Map.of());
    }

    /**
     * Publishes a trained defect classifier head with the recipe, as the next version (saved as {@link #saveCamera}
     * saves): the file is copied into the recipe folder as {@code classifier-vN.json} (N the new version) and
     * {@code classifier.file} names it; the file the previous version named stays, so that version still reads.
     */
    public Recipe saveClassifier(Recipe recipe, Path head) throws RecipeException {
        String name = "classifier-v" + (recipe.version() + 1) + ".json";
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(head);
        } catch (IOException e) {
            throw new RecipeException("Cannot read the classifier " + head + " to publish it with recipe " + recipe.name()
                    + " (" + e.getMessage() + "). Retrain it; nothing was changed.", e);
        }
        return save(recipe, "the classifier", root -> {
            ObjectNode classifier = root.get("classifier") instanceof ObjectNode existing ? existing
                    : root.putObject("classifier");
            classifier.put("file", name);
        }, Map.of(name, bytes));
    }

    /**
     * Saves {@code edit} of recipe.json, plus {@code files} written beside it, as the next version. Every other field
     * of {@code recipe.json} is kept as written, and the version it replaces is kept beside it as
     * {@code recipe-vN.json}, so every version inspections name can be read again. A recipe that is not in the
     * station's own folder (a shipped one) is copied there with its files into a temporary folder first, which is
     * moved into place only when complete: the station copy then shadows it and the shipped one stays as installed.
     *
     * @param what names what is saved in messages ("camera settings")
     * @throws RecipeException when the file cannot be read or written (the message names it and nothing is changed),
     *                         when {@code recipe.json} on disk is no longer the version {@code recipe} was loaded as, or
     *                         when the station already has a different recipe in the folder the copy would go to
     */
    private Recipe save(Recipe recipe, String what, java.util.function.Consumer<ObjectNode> edit,
                        Map<String, byte[]> files) throws RecipeException {
        String notSaved = what + " not saved.";
        String notSavedSentence = Character.toUpperCase(what.charAt(0)) + notSaved.substring(1);
        Path station = roots.get(0).toAbsolutePath().normalize();
        Path folder = recipe.folder().toAbsolutePath().normalize();
        Path file = folder.resolve("recipe.json");
        String previous;
        ObjectNode root;
        try {
            previous = Files.readString(file);
            if (!(JSON.readTree(previous) instanceof ObjectNode object)) {
                throw new RecipeException("Recipe " + file + " is not a JSON object; " + notSaved);
            }
            root = object;
        } catch (IOException e) {
            throw new RecipeException("Cannot read recipe " + file + " to save " + what + ": " + e.getMessage(), e);
        }
        int onDisk = root.path("version").asInt(1);
        if (onDisk != recipe.version()) {
            // a hand edit made while Kensa ran is neither adopted unseen nor overwritten
            throw new RecipeException("Recipe " + file + " was changed on disk since Kensa loaded it (v" + onDisk
                    + " on disk, v" + recipe.version() + " loaded): restart Kensa to load it, then save again. "
                    + notSavedSentence);
        }
        root.put("version", recipe.version() + 1);
        edit.accept(root);
        String text;
        try {
            text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + System.lineSeparator();
        } catch (IOException e) {
            throw new RecipeException("Cannot write recipe " + file + ": " + e.getMessage(), e);
        }
        String history = "recipe-v" + onDisk + ".json";
        if (folder.startsWith(station)) {
            return saveInPlace(file, history, previous, text, files, notSaved);
        }
        return saveAsStationCopy(folder, station.resolve(folder.getFileName().toString()), history, previous, text, files);
    }

    /**
     * The version being replaced and the new files are written beside the recipe first, then recipe.json is replaced
     * atomically.
     */
    private static Recipe saveInPlace(Path file, String history, String previous, String text, Map<String, byte[]> files,
                                      String notSaved) throws RecipeException {
        Path tmp = null;
        try {
            Files.writeString(file.resolveSibling(history), previous);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(file.resolveSibling(f.getKey()), f.getValue());
            }
            tmp = Files.createTempFile(file.getParent(), "recipe.json.", ".tmp");
            Files.writeString(tmp, text);
            moveAtomically(tmp, file);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new RecipeException("Cannot write recipe " + file + " (" + e.getMessage()
                    + "). Check that the data folder is writable; " + notSaved, e);
        }
        return read(file);
    }

    /**
     * Copies a recipe folder (recipe.json, prompt profile, reference images…) into a temporary folder beside the
     * station's recipes, writes the new recipe.json, the new files and the shipped one as history there, and only then
     * moves it into place, so a failure halfway (a full disk) never leaves a partial recipe that shadows the shipped one.
     */
    private static Recipe saveAsStationCopy(Path from, Path to, String history, String previous, String text,
                                            Map<String, byte[]> files) throws RecipeException {
        if (Files.exists(to.resolve("recipe.json"))) {
            throw new RecipeException("The station already has a recipe in " + to + ", which is not the one in use ("
                    + from + "). Select that recipe in Settings, or move it away, then save again.");
        }
        Path tmp = null;
        try {
            Files.createDirectories(to.getParent());
            tmp = Files.createTempDirectory(to.getParent(), "." + to.getFileName() + ".saving-");
            try (Stream<Path> all = Files.walk(from)) {
                for (Path source : (Iterable<Path>) all::iterator) {
                    Path target = tmp.resolve(from.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Files.writeString(tmp.resolve(history), previous);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(tmp.resolve(f.getKey()), f.getValue());
            }
            Files.writeString(tmp.resolve("recipe.json"), text);
            if (Files.isDirectory(to)) {
                // the folder holds the shipped recipe's draft or versions (RecipeWorkspace): the copy joins them,
                // recipe.json last, so it is a recipe only when complete
                try (Stream<Path> entries = Files.list(tmp)) {
                    for (Path entry : (Iterable<Path>) entries::iterator) {
                        if (!entry.getFileName().toString().equals("recipe.json")) {
                            Files.move(entry, to.resolve(entry.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
                moveAtomically(tmp.resolve("recipe.json"), to.resolve("recipe.json"));
                Files.delete(tmp);
            } else {
                Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | UncheckedIOException e) {
            deleteTree(tmp);
            String reason = e instanceof UncheckedIOException u ? u.getCause().toString() : e.toString();
            throw new RecipeException("Cannot copy recipe " + from + " into the station's folder " + to + " (" + reason
                    + "). Nothing was changed: the recipe in use stays as it was. Check that the data folder is "
                    + "writable and has free space, then save again.", e);
        }
        return read(to.resolve("recipe.json"));
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort after a failure that is already reported
        }
    }

    /** Removes a half-made temporary folder, deepest entries first (best effort). */
    private static void deleteTree(Path folder) {
        if (folder == null || !Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(Recipes::deleteQuietly);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not remove the unfinished recipe copy {}: {}", folder, e.toString());
        }
    }
    /** Reads one recipe.json; every problem names the file and the field. */
    public static Recipe read(Path file) throws RecipeException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new RecipeException("Recipe " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        Path folder = file.toAbsolutePath().getParent();
        Fields f = new Fields(file, root);
        Fields d = f.object("detector");
        Fields g = f.object("gate");
        Recipe.DetectorSettings detector = new Recipe.DetectorSettings(
                d.text("backbone", "mobilenet_v2_imagenet"),
                d.optionalText("model").map(p -> path(folder, p)),
                path(folder, d.required("trainImages")),
                d.optionalText("calibrationImages").map(p -> path(folder, p)),
                d.integer("inputSize", 256),
                d.number("coreset", 0.1),
                d.number("falseAlarmRate", 0.05),
                d.text("device", "auto"),
                d.integer("tile", 0));
        if (detector.coreset() <= 0 || detector.coreset() > 1) {
            throw new RecipeException("Recipe " + file + ": detector.coreset must be in (0, 1], got " + detector.coreset());
        }
        Map<String, String> camera = new LinkedHashMap<>();
        JsonNode cam = root.path("camera");
        for (Iterator<Map.Entry<String, JsonNode>> it = cam.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            camera.put(e.getKey(), e.getValue().asText());
        }
        return new Recipe(f.required("name"), f.integer("version", 1), f.text("title", f.required("name")), folder,
                expand(f.required("source")), detector, path(folder, f.text("promptProfile", "prompt-profile.json")),
                new Recipe.GateSettings(g.number("bandBelowThreshold", 0.0), g.integer("queueCapacity", 20)), camera,
                classifier(file, folder, root.path("classifier")));
    }

    private static Optional<Recipe.ClassifierSettings> classifier(Path file, Path folder, JsonNode node)
            throws RecipeException {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        String frames = node.path("frames").asText("flagged");
        if (!frames.equals("flagged") && !frames.equals("all")) {
            throw new RecipeException("Recipe " + file + ": classifier.frames must be \"flagged\" or \"all\", got \""
                    + frames + "\"");
        }
        String name = node.path("file").asText("");
        if (name.isBlank()) {
            throw new RecipeException("Recipe " + file + ": classifier.file is missing: name the trained classifier "
                    + "(kensa classify train --out FILE) or remove the classifier section");
        }
        return Optional.of(new Recipe.ClassifierSettings(path(folder, name), frames.equals("all"),
                node.path("camStage").asText("feat_s16")));
    }

    private static Path path(Path folder, String text) {
        Path p = Path.of(expand(text));
        return p.isAbsolute() ? p : folder.resolve(p).normalize();
    }

    private static String expand(String text) {
        return text.replace("${resources}", ShippedResources.root().toString());
    }

    /** Typed access to one JSON object with messages that name the file and field. */
    private record Fields(Path file, JsonNode node) {
        Fields object(String name) {
            return new Fields(file, node.path(name));
        }

        String required(String name) throws RecipeException {
            return optionalText(name).orElseThrow(() -> new RecipeException(
                    "Recipe " + file + " has no '" + name + "'. Add it (see resources/recipes/bottle/recipe.json)."));
        }

        Optional<String> optionalText(String name) {
            JsonNode v = node.get(name);
            return v == null || v.isNull() || v.asText().isBlank() ? Optional.empty() : Optional.of(v.asText());
        }

        String text(String name, String fallback) {
            return optionalText(name).orElse(fallback);
        }

        int integer(String name, int fallback) throws RecipeException {
            JsonNode v = node.get(name);
            if (v == null) {
                return fallback;
            }
            if (!v.canConvertToInt()) {
                throw new RecipeException("Recipe " + file + ": '" + name + "' must be a whole number, got " + v);
            }
            return v.asInt();
        }

        double number(String name, double fallback) throws RecipeException {
            JsonNode v = node.get(name);
            if (v == null) {
                return fallback;
            }
            if (!v.isNumber()) {
                throw new RecipeException("Recipe " + file + ": '" + name + "' must be a number, got " + v);
            }
            return v.asDouble();
        }
    }

}

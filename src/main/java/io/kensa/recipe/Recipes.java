package io.kensa.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kensa.config.KensaHome;
import io.kensa.config.ShippedResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Finds and reads recipes: the station's own in {@code <data folder>/recipes/<name>/recipe.json} first, then the
 * ones shipped in {@code resources/recipes/}. {@code ${resources}} in a path stands for the shipped resources folder.
 */
public final class Recipes {
    public static final String DEMO = "bottle";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Path> roots;

    public Recipes(KensaHome home) {
        this(List.of(home.recipes(), ShippedResources.resolve("recipes")));
    }

    Recipes(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** The drafts and versions of these recipes (written into the station's folder). */
    public RecipeWorkspace workspace() {
        return new RecipeWorkspace(roots);
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
            return typed(name, fallback, JsonNode::canConvertToInt, JsonNode::asInt, "a whole number");
        }

        double number(String name, double fallback) throws RecipeException {
            return typed(name, fallback, JsonNode::isNumber, JsonNode::asDouble, "a number");
        }

        private <T> T typed(String name, T fallback, Predicate<JsonNode> fits, Function<JsonNode, T> read, String what)
                throws RecipeException {
            JsonNode v = node.get(name);
            if (v == null) {
                return fallback;
            }
            if (!fits.test(v)) {
                throw new RecipeException("Recipe " + file + ": '" + name + "' must be " + what + ", got " + v);
            }
            return read.apply(v);
        }
    }

}

package io.kensa.recipe;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kensa.config.KensaHome;
import io.kensa.config.ShippedResources;
import io.kensa.util.Hashes;
import io.kensa.util.ImageFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A recipe's draft and versions. In the station's recipe folder {@code <name>/}:
 * <pre>
 * recipe.json + its files   the live version: what the line runs ({@link Recipes#load})
 * versions/vN/              each version published here, whole (recipe.json and every file beside it)
 * recipe-vN.json            older recipe.json files (saved before versions were kept whole; their files: the live folder's)
 * draft/                    the working copy edits go to; publishing makes it the next version, then it is removed
 * </pre>
 * History is never rewritten: a rollback publishes a copy of an old version as the next one. A shipped recipe's
 * draft and versions go to the station's folder; its first publication becomes the station copy that shadows it.
 */
public final class RecipeWorkspace {
    public static final String DRAFT = "draft";
    static final String VERSIONS = "versions";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern OLD_RECIPE = Pattern.compile("recipe-v(\\d+)\\.json");
    private static final Pattern VERSION_FOLDER = Pattern.compile("v(\\d+)");
    private static final int REFERENCE_IMAGES = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path station;
    private final Recipes recipes;

    public RecipeWorkspace(KensaHome home) {
        this(List.of(home.recipes(), ShippedResources.resolve("recipes")));
    }

    /** {@code roots.get(0)} is the station's own folder, where drafts and versions are written. */
    RecipeWorkspace(List<Path> roots) {
        this.station = roots.get(0).toAbsolutePath().normalize();
        this.recipes = new Recipes(roots);
    }

    public List<String> names() {
        return recipes.names();
    }

    /** The version the line runs. */
    public Recipe live(String name) throws RecipeException {
        return recipes.load(name);
    }

    /** Every version, oldest first. */
    public List<RecipeVersion> history(String name) throws RecipeException {
        Recipe live = recipes.load(name);
        List<RecipeVersion> versions = new ArrayList<>();
        for (int n : versionNumbers(name, live)) {
            Content c = content(name, n, live);
            versions.add(new RecipeVersion(name, n, c.json().path("title").asText(name), publication(c.json()),
                    n == live.version()));
        }
        return versions;
    }

    /** The live version as a history entry (who published it, when), for the inspector's status line. */
    public RecipeVersion liveVersion(Recipe live) throws RecipeException {
        ObjectNode json = readJson(live.folder().resolve("recipe.json"));
        return new RecipeVersion(live.name(), live.version(), live.title(), publication(json), true);
    }

    public RecipeDiff diff(String name, int from, int to) throws RecipeException {
        Recipe live = recipes.load(name);
        return diff(name, "v" + from, "v" + to, content(name, from, live), content(name, to, live));
    }

    /** What publishing the draft would change on the line (no differences when there is no draft). */
    public RecipeDiff diffDraft(String name) throws RecipeException {
        Recipe live = recipes.load(name);
        Content current = content(name, live.version(), live);
        return diff(name, "v" + live.version() + " (live)", DRAFT, current, hasDraft(name) ? draftContent(name) : current);
    }

    public boolean hasDraft(String name) {
        return Files.isRegularFile(draftFolder(name).resolve("recipe.json"));
    }

    /** The draft, started from the live version (recipe.json and its files copied) when there is none yet. */
    public synchronized Recipe draft(String name) throws RecipeException {
        ensureDraft(name);
        return Recipes.read(draftFolder(name).resolve("recipe.json"));
    }

    /**
     * Edits the draft: each field, by dotted path ({@code detector.model}, {@code camera}), set to a text, number,
     * boolean, or map of texts (a JSON object), or removed when given {@link Optional#empty()}; each file written into
     * the draft folder by its relative name. Refused, with the draft left as it was, when the result no longer reads.
     */
    public synchronized Recipe editDraft(String name, Map<String, ?> fields, Map<String, byte[]> files)
            throws RecipeException {
        ensureDraft(name);
        Path folder = draftFolder(name);
        Path file = folder.resolve("recipe.json");
        ObjectNode json = readJson(file);
        fields.forEach((field, value) -> set(json, field, value));
        Path tmp = null;
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = inside(folder, f.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
            }
            tmp = Files.createTempFile(folder, "recipe.json.", ".tmp");
            Files.writeString(tmp, text(json));
            Recipes.read(tmp);
            moveAtomically(tmp, file);
        } catch (RecipeException e) {
            deleteQuietly(tmp);
            throw new RecipeException("The draft of " + name + " was not changed: the edit " + fields.keySet()
                    + " makes it unreadable (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new RecipeException("Cannot write the draft " + file + " (" + e.getMessage()
                    + "). Check that the data folder is writable; the draft was not changed.", e);
        }
        return Recipes.read(file);
    }

    /** Throws the draft away; the live version is untouched. */
    public synchronized void discardDraft(String name) throws RecipeException {
        try {
            deleteTree(draftFolder(name));
        } catch (IOException | UncheckedIOException e) {
            throw new RecipeException("Cannot remove the draft " + draftFolder(name) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes the draft the next version, live on the line for inspections that start after it (a running station
     * keeps its version until it reloads the recipe). Refused when there is no draft, when it is the same as the live
     * version, when the live version moved on since the draft was started, or when the draft is not complete (the
     * files it names are missing).
     */
    public synchronized Recipe publish(String name, Publication publication) throws RecipeException {
        if (!hasDraft(name)) {
            throw new RecipeException("Recipe " + name + " has no draft to publish: edit it first (its edits go to "
                    + draftFolder(name) + ").");
        }
        Recipe live = recipes.load(name);
        Content draft = draftContent(name);
        int base = draft.json().path("version").asInt(0);
        if (base != live.version()) {
            throw new RecipeException("The draft of " + name + " was started from v" + base + ", but the line now runs v"
                    + live.version() + " (saved since). Publishing it would undo that version's changes: discard the "
                    + "draft and make its edits again on v" + live.version() + ". Nothing was published.");
        }
        if (diffDraft(name).isEmpty()) {
            throw new RecipeException("The draft of " + name + " is the same as the live v" + live.version()
                    + ": nothing to publish. Edit the draft first.");
        }
        List<String> problems = problems(draftFolder(name).resolve("recipe.json"));
        if (!problems.isEmpty()) {
            throw new RecipeException("The draft of " + name + " is not complete, so it was not published: "
                    + String.join("; ", problems) + ". Fix the draft, then publish again.");
        }
        Recipe published = install(name, live, draft, publication);
        discardDraft(name);
        return published;
    }

    /** Publishes a copy of version {@code number} as the next version (the versions in between stay in the history). */
    public synchronized Recipe rollback(String name, int number, Publication publication) throws RecipeException {
        Recipe live = recipes.load(name);
        if (number == live.version()) {
            throw new RecipeException("Recipe " + name + " v" + number + " is already live: choose another version to roll back to.");
        }
        Content old = content(name, number, live);
        return install(name, live, old, publication.withOrigin("rollback to v" + number));
    }

    /**
     * A new recipe as version 1: the template's source, backbone and good images, the base recipe's prompt profile
     * (renamed after the new recipe, its reference images the first good images) and gate.
     */
    public synchronized Recipe create(RecipeTemplate template, Publication publication) throws RecipeException {
        checkNewName(template.name());
        Path good = template.goodImages().toAbsolutePath().normalize();
        List<Path> images = goodImages(good);
        Recipe baseRecipe = recipes.load(template.base());
        ObjectNode base = readJson(baseRecipe.folder().resolve("recipe.json"));
        Map<String, JsonNode> keptDetector = new LinkedHashMap<>();
        for (String kept : List.of("inputSize", "tile", "coreset", "falseAlarmRate", "device")) {
            if (base.path("detector").has(kept)) {
                keptDetector.put(kept, base.path("detector").get(kept));
            }
        }
        NewRecipeJson recipe = new NewRecipeJson(template.name(), 1,
                template.title() == null || template.title().isBlank() ? template.name() : template.title().strip(),
                template.source(), new NewDetectorJson(template.backbone(), "", good.toString(), keptDetector),
                "prompt-profile.json", base.path("gate").isObject() ? base.get("gate") : JSON.createObjectNode(), Map.of());
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<String> refs = new ArrayList<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(REFERENCE_IMAGES, images.size()); i++) {
            String file = images.get(i).getFileName().toString();
            String ref = "reference-good-" + (i + 1) + file.substring(file.lastIndexOf('.')).toLowerCase(Locale.ROOT);
            byte[] bytes = readBytes(images.get(i));
            files.put(ref, bytes);
            refs.add(ref);
            hashes.put(ref, Hashes.sha256Hex(bytes));
        }
        // the base profile's prompts and classes stay; its identity and reference images are the new recipe's
        ObjectNode profile = readJson(baseRecipe.promptProfile());
        profile.setAll(JSON.<ObjectNode>valueToTree(new ProfileStartJson(template.name(), 1, refs, hashes)));
        files.put("prompt-profile.json", text(profile).getBytes(StandardCharsets.UTF_8));
        return installNew(template.name(), JSON.valueToTree(recipe), files, publication.withOrigin("new recipe from " + good
                + " (prompt profile from " + baseRecipe.name() + " v" + baseRecipe.version() + ")"));
    }

    /** A copy of another recipe's live version, every file included, as version 1 of a new name. */
    public synchronized Recipe duplicate(String from, String to, Publication publication) throws RecipeException {
        checkNewName(to);
        Recipe source = recipes.load(from);
        Content live = content(from, source.version(), source);
        ObjectNode json = live.json().deepCopy();
        json.put("name", to);
        json.put("version", 1);
        json.remove("published");
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String file : files(live).keySet()) {
            files.put(file, readBytes(live.folder().resolve(file)));
        }
        Path profile = source.promptProfile();
        if (profile.startsWith(live.folder())) {
            // the copy's profile versions are its own, not interleaved with the original's
            String relative = live.folder().relativize(profile).toString();
            ObjectNode renamed = readJson(profile);
            renamed.put("name", to);
            files.put(relative, text(renamed).getBytes(StandardCharsets.UTF_8));
        }
        return installNew(to, json, files, publication.withOrigin("duplicate of " + from + " v" + source.version()));
    }

    /**
     * Renames a station recipe: its folder, and the name inside every version and the draft (the history is of the
     * same recipe under its new name). Only for a recipe no inspection names yet: the caller checks the record.
     */
    public synchronized Recipe rename(String from, String to) throws RecipeException {
        checkNewName(to);
        Path folder = station.resolve(from);
        if (!Files.isRegularFile(folder.resolve("recipe.json"))) {
            throw new RecipeException("Recipe " + from + " is not one of the station's own recipes (it is shipped with "
                    + "Kensa), so it cannot be renamed: duplicate it under the new name instead.");
        }
        Path target = station.resolve(to);
        try {
            Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
            List<Path> recipeFiles = new ArrayList<>();
            try (Stream<Path> all = Files.walk(target, 3)) {
                all.filter(p -> p.getFileName().toString().equals("recipe.json")
                        || OLD_RECIPE.matcher(p.getFileName().toString()).matches()).forEach(recipeFiles::add);
            }
            for (Path file : recipeFiles) {
                ObjectNode json = readJson(file);
                json.put("name", to);
                Path tmp = Files.createTempFile(file.getParent(), "recipe.json.", ".tmp");
                Files.writeString(tmp, text(json));
                moveAtomically(tmp, file);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new RecipeException("Cannot rename recipe folder " + folder + " to " + target + " (" + e.getMessage()
                    + "). Check that the data folder is writable and that no other program has the folder open.", e);
        }
        return recipes.load(to);
    }

    /** Why a recipe.json cannot run: it does not read, or a file or folder it names is missing. */
    static List<String> problems(Path file) {
        Recipe r;
        try {
            r = Recipes.read(file);
        } catch (RecipeException e) {
            return List.of(e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(r.promptProfile())) {
            problems.add("the prompt profile " + r.promptProfile() + " is missing");
        }
        if (!Files.isDirectory(r.detector().trainImages())) {
            problems.add("the good-image folder detector.trainImages " + r.detector().trainImages() + " is missing");
        }
        r.detector().model().filter(m -> !Files.exists(m))
                .ifPresent(m -> problems.add("the detector model " + m + " is missing"));
        r.detector().calibrationImages().filter(c -> !Files.isDirectory(c))
                .ifPresent(c -> problems.add("the calibration folder detector.calibrationImages " + c + " is missing"));
        r.classifier().filter(c -> !Files.isRegularFile(c.file()))
                .ifPresent(c -> problems.add("the classifier " + c.file() + " is missing"));
        return problems;
    }

    private Path draftFolder(String name) {
        return station.resolve(name).resolve(DRAFT);
    }

    private Content draftContent(String name) throws RecipeException {
        Path folder = draftFolder(name);
        return new Content(readJson(folder.resolve("recipe.json")), folder);
    }

    private void ensureDraft(String name) throws RecipeException {
        if (hasDraft(name)) {
            return;
        }
        Recipe live = recipes.load(name);
        Content current = content(name, live.version(), live);
        ObjectNode json = current.json().deepCopy();
        json.remove("published");
        writeFolder(draftFolder(name), json, current, "start the draft of " + name);
    }

    /** Version numbers known for a recipe: whole versions, the live one and older recipe.json files. */
    private TreeSet<Integer> versionNumbers(String name, Recipe live) {
        TreeSet<Integer> numbers = new TreeSet<>(List.of(live.version()));
        collect(station.resolve(name).resolve(VERSIONS), VERSION_FOLDER, numbers);
        collect(live.folder(), OLD_RECIPE, numbers);
        return numbers;
    }

    private static void collect(Path folder, Pattern pattern, TreeSet<Integer> numbers) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            entries.forEach(p -> {
                Matcher m = pattern.matcher(p.getFileName().toString());
                if (m.matches()) {
                    numbers.add(Integer.parseInt(m.group(1)));
                }
            });
        } catch (IOException ignored) {
            // an unreadable folder contributes no versions
        }
    }

    /** A version's recipe.json and the folder its files are in. */
    private record Content(ObjectNode json, Path folder) {}

    private Content content(String name, int number, Recipe live) throws RecipeException {
        Path whole = station.resolve(name).resolve(VERSIONS).resolve("v" + number);
        if (Files.isRegularFile(whole.resolve("recipe.json"))) {
            return new Content(readJson(whole.resolve("recipe.json")), whole);
        }
        if (number == live.version()) {
            return new Content(readJson(live.folder().resolve("recipe.json")), live.folder());
        }
        Path old = live.folder().resolve("recipe-v" + number + ".json");
        if (Files.isRegularFile(old)) {
            return new Content(readJson(old), live.folder());
        }
        throw new RecipeException("Recipe " + name + " has no version " + number + ": its versions are "
                + versionNumbers(name, live) + ".");
    }

    /**
     * Writes a version: whole into {@code versions/vN/} (the live one first too, if it is not kept whole yet), then its
     * files into the live folder and its recipe.json last, atomically, keeping the replaced one as {@code recipe-vN.json}.
     */
    private Recipe install(String name, Recipe live, Content source, Publication publication) throws RecipeException {
        Path top = station.resolve(name);
        Path versions = top.resolve(VERSIONS);
        if (!Files.isDirectory(versions.resolve("v" + live.version()))) {
            Content current = content(name, live.version(), live);
            writeFolder(versions.resolve("v" + live.version()), current.json(), current, "keep " + name + " v" + live.version());
        }
        int next = versionNumbers(name, live).last() + 1;
        ObjectNode json = source.json().deepCopy();
        json.put("name", name);
        json.put("version", next);
        json.set("published", toJson(publication));
        Path whole = versions.resolve("v" + next);
        writeFolder(whole, json, source, "publish " + name + " v" + next);
        return makeLive(top, new Content(json, whole), live.folder().startsWith(station) ? Optional.of(live) : Optional.empty());
    }

    private Recipe installNew(String name, ObjectNode json, Map<String, byte[]> files, Publication publication)
            throws RecipeException {
        json.set("published", toJson(publication));
        Path top = station.resolve(name);
        Path whole = top.resolve(VERSIONS).resolve("v1");
        Path tmp = null;
        try {
            Files.createDirectories(whole.getParent());
            tmp = Files.createTempDirectory(whole.getParent(), ".v1.writing-");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = inside(tmp, f.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
            }
            Files.writeString(tmp.resolve("recipe.json"), text(json));
            Files.move(tmp, whole, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            deleteTreeQuietly(tmp);
            throw new RecipeException("Cannot write the new recipe " + name + " into " + whole + " (" + e.getMessage()
                    + "). Check that the data folder is writable and has free space; nothing was created.", e);
        }
        return makeLive(top, new Content(json, whole), Optional.empty());
    }

    /** The version's files into the live folder, then its recipe.json atomically (the replaced one kept beside it). */
    private Recipe makeLive(Path top, Content version, Optional<Recipe> replaced) throws RecipeException {
        Path file = top.resolve("recipe.json");
        Path tmp = null;
        try {
            for (String f : files(version).keySet()) {
                Path target = top.resolve(f);
                Files.createDirectories(target.getParent());
                Files.copy(version.folder().resolve(f), target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (replaced.isPresent()) {
                Files.copy(file, top.resolve("recipe-v" + replaced.get().version() + ".json"), StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = Files.createTempFile(top, "recipe.json.", ".tmp");
            Files.writeString(tmp, text(version.json()));
            moveAtomically(tmp, file);
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(tmp);
            throw new RecipeException("Cannot make " + version.folder() + " live in " + top + " (" + e.getMessage()
                    + "). The line still runs the previous version; check that the data folder is writable, then "
                    + "publish again.", e);
        }
        return Recipes.read(file);
    }

    /** Writes recipe.json and a content's files into a new folder, complete or not at all. */
    private static void writeFolder(Path target, ObjectNode json, Content source, String what) throws RecipeException {
        if (Files.exists(target)) {
            throw new RecipeException("Cannot " + what + ": " + target + " already exists (another publication at the "
                    + "same time?). Reload the recipe and try again.");
        }
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".writing-");
            for (String f : files(source).keySet()) {
                Path copy = tmp.resolve(f);
                Files.createDirectories(copy.getParent());
                Files.copy(source.folder().resolve(f), copy);
            }
            Files.writeString(tmp.resolve("recipe.json"), text(json));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            deleteTreeQuietly(tmp);
            throw new RecipeException("Cannot " + what + " in " + target + " (" + e.getMessage() + "). Nothing was "
                    + "changed; check that the data folder is writable and has free space.", e);
        }
    }

    /**
     * The files of a version, by path relative to its folder, with their sha256: everything but recipe.json, older
     * recipe.json files, the draft and the versions folders, and files being written.
     */
    private static Map<String, String> files(Content c) throws RecipeException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(c.folder())) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                Path relative = c.folder().relativize(p);
                String first = relative.getName(0).toString();
                String fileName = p.getFileName().toString();
                if (relative.getNameCount() == 1 && (fileName.equals("recipe.json") || OLD_RECIPE.matcher(fileName).matches())
                        || relative.getNameCount() > 1 && (first.equals(DRAFT) || first.equals(VERSIONS))
                        || first.startsWith(".") || fileName.endsWith(".tmp")) {
                    continue;
                }
                files.put(relative.toString().replace('\\', '/'), Hashes.sha256Hex(p));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new RecipeException("Cannot read the files of recipe folder " + c.folder() + ": " + e.getMessage(), e);
        }
        return files;
    }

    private static RecipeDiff diff(String name, String fromLabel, String toLabel, Content from, Content to)
            throws RecipeException {
        List<RecipeDiff.Change> changes = new ArrayList<>();
        Map<String, String> before = fields(from.json());
        Map<String, String> after = fields(to.json());
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            String a = before.getOrDefault(key, RecipeDiff.ABSENT);
            String b = after.getOrDefault(key, RecipeDiff.ABSENT);
            if (!a.equals(b)) {
                changes.add(new RecipeDiff.Change(key, a, b));
            }
        }
        Map<String, String> filesBefore = files(from);
        Map<String, String> filesAfter = files(to);
        TreeSet<String> names = new TreeSet<>(filesBefore.keySet());
        names.addAll(filesAfter.keySet());
        for (String file : names) {
            String a = Optional.ofNullable(filesBefore.get(file)).map(RecipeWorkspace::shortSha).orElse(RecipeDiff.ABSENT);
            String b = Optional.ofNullable(filesAfter.get(file)).map(RecipeWorkspace::shortSha).orElse(RecipeDiff.ABSENT);
            if (!a.equals(b)) {
                changes.add(new RecipeDiff.Change("file " + file, a, b));
            }
        }
        return new RecipeDiff(name, fromLabel, toLabel, changes);
    }

    private static String shortSha(String sha) {
        return "sha256 " + sha.substring(0, 12);
    }

    /** recipe.json as dotted fields with their values; the version number and the publication are not settings. */
    private static Map<String, String> fields(ObjectNode json) {
        Map<String, String> fields = new TreeMap<>();
        flatten("", json, fields);
        fields.remove("version");
        fields.keySet().removeIf(k -> k.startsWith("published."));
        return fields;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject() && node.size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), into);
            }
        } else if (!node.isObject()) {
            into.put(prefix, node.isValueNode() ? node.asText() : node.toString());
        }
    }

    private static void set(ObjectNode json, String dotted, Object value) {
        String[] parts = dotted.split("\\.");
        ObjectNode parent = json;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = parent.get(parts[i]) instanceof ObjectNode o ? o : parent.putObject(parts[i]);
        }
        String key = parts[parts.length - 1];
        if (value instanceof Optional<?> o && o.isEmpty()) {
            parent.remove(key);
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode object = parent.putObject(key);
            map.forEach((k, v) -> object.put(String.valueOf(k), String.valueOf(v)));
        } else {
            parent.set(key, JSON.valueToTree(value instanceof Optional<?> o ? o.get() : value));
        }
    }

    /** A new recipe's recipe.json (version 1; "published" is added when it is installed). */
    @JsonPropertyOrder({"name", "version", "title", "source", "detector", "promptProfile", "gate", "camera"})
    private record NewRecipeJson(String name, int version, String title, String source, NewDetectorJson detector,
                                 String promptProfile, JsonNode gate, Map<String, String> camera) {}

    /** A new recipe's detector: not trained yet, on the template's good images, with the base recipe's other settings. */
    @JsonPropertyOrder({"backbone", "model", "trainImages"})
    private record NewDetectorJson(String backbone, String model, String trainImages,
                                   @JsonIgnore Map<String, JsonNode> fromBase) {
        @JsonAnyGetter
        Map<String, JsonNode> baseSettings() {
            return fromBase;
        }
    }

    /** What a new recipe's prompt profile takes over from the base recipe's under its own name. */
    @JsonPropertyOrder({"name", "version", "referenceImages", "referenceImageSha256"})
    private record ProfileStartJson(String name, int version, List<String> referenceImages,
                                    Map<String, String> referenceImageSha256) {}

    /** recipe.json's {@code published}: who published a version, when, why, and where it came from. */
    @JsonPropertyOrder({"by", "byName", "at", "comment", "origin"})
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record PublishedJson(String by, String byName, String at, String comment, String origin) {
        static PublishedJson of(Publication p) {
            return new PublishedJson(p.authorId(), p.authorName(), p.at().toString(), p.comment(), p.origin().orElse(null));
        }

        /** Empty when nobody is named; a time that does not read counts as the epoch (the version still lists). */
        Optional<Publication> publication() {
            if (by == null || by.isBlank()) {
                return Optional.empty();
            }
            Instant when;
            try {
                when = Instant.parse(at == null ? "" : at);
            } catch (RuntimeException e) {
                when = Instant.EPOCH;
            }
            return Optional.of(new Publication(by, byName == null ? "" : byName, when, comment == null ? "" : comment,
                    Optional.ofNullable(origin)));
        }
    }

    private static ObjectNode toJson(Publication p) {
        return JSON.valueToTree(PublishedJson.of(p));
    }

    private static Optional<Publication> publication(ObjectNode json) {
        JsonNode p = json.path("published");
        if (!p.isObject()) {
            return Optional.empty();
        }
        try {
            return JSON.treeToValue(p, PublishedJson.class).publication();
        } catch (JsonProcessingException e) {
            return Optional.empty(); // a "published" that does not read names nobody, as one without "by"
        }
    }

    private void checkNewName(String name) throws RecipeException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new RecipeException("'" + name + "' cannot name a recipe: use 1 to 64 lower-case letters, digits, _ "
                    + "or -, starting with a letter or digit (e.g. bottle-line3).");
        }
        if (names().contains(name) || Files.exists(station.resolve(name))) {
            throw new RecipeException("There is already a recipe named " + name + ": choose another name.");
        }
    }

    private static List<Path> goodImages(Path folder) throws RecipeException {
        if (!Files.isDirectory(folder)) {
            throw new RecipeException("The good-image folder " + folder + " does not exist: choose the folder of good "
                    + "parts the detector learns from.");
        }
        List<Path> images;
        try {
            images = ImageFiles.list(folder);
        } catch (IOException e) {
            throw new RecipeException("Cannot list the good-image folder " + folder + ": " + e.getMessage(), e);
        }
        if (images.isEmpty()) {
            throw new RecipeException("The good-image folder " + folder + " holds no images (" + ImageFiles.FORMATS + "): "
                    + "collect good parts into it first.");
        }
        return images;
    }

    private static Path inside(Path folder, String relative) throws IOException {
        Path target = folder.resolve(relative).normalize();
        if (!target.startsWith(folder) || target.equals(folder)) {
            throw new IOException("the file name " + relative + " points outside the recipe folder");
        }
        return target;
    }

    private static ObjectNode readJson(Path file) throws RecipeException {
        try {
            if (JSON.readTree(file.toFile()) instanceof ObjectNode object) {
                return object;
            }
            throw new RecipeException(file + " is not a JSON object: restore it from its version folder.");
        } catch (IOException e) {
            throw new RecipeException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readBytes(Path file) throws RecipeException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RecipeException("Cannot read " + file + ": " + e.getMessage() + ". Nothing was created.", e);
        }
    }

    private static String text(JsonNode json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + System.lineSeparator();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a recipe as JSON", e);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // best effort after a failure that is already reported
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static void deleteTreeQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try {
            deleteTree(folder);
        } catch (IOException | UncheckedIOException ignored) {
            // best effort after a failure that is already reported
        }
    }
}

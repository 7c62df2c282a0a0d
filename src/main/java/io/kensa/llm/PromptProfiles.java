package io.kensa.llm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kensa.model.Severity;
import io.kensa.util.Hashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Prompt profiles as readable JSON files (so QA can keep them in version control): import, export and validation.
 * The exported file also carries the fixed output schema for reference; on import it is ignored, because the
 * schema is Kensa's, not the profile's.
 */
public final class PromptProfiles {
    /** File name of a recipe's prompt profile. */
    public static final String FILE_NAME = "prompt-profile.json";
    public static final int MAX_REFERENCE_IMAGES = 3;
    /** 32 MiB: far above a photo of a part, far below what would strain memory when read whole. */
    static final long MAX_REFERENCE_BYTES = 32L << 20;
    private static final int FORMAT = 1;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern CLASS_NAME = Pattern.compile("[a-z0-9][a-z0-9_\\-]*");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PromptProfiles() {}

    /**
     * Reads and validates a profile file; reference images are resolved against the file's folder. Images the file
     * records no sha256 for get the one they have now; recorded ones are kept, so {@link LoadedProfile#load} can
     * tell when an image was replaced after the version was saved.
     */
    public static ProfileDocument read(Path file) throws ProfileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProfileException("Cannot read the prompt profile " + file + ": " + e.getMessage()
                    + ". Check the path and that the file is readable.", e);
        }
        ProfileDocument document = fromJson(text, file.toString());
        Path folder = file.toAbsolutePath().getParent();
        check(document, folder);
        return withImageHashes(document, folder, true);
    }

    /**
     * The profile with the sha256 of each reference image as the file is now in the recipe folder, replacing any
     * recorded one. For saving or importing a version: that is when QA vouches for the images.
     *
     * @throws ProfileException when the profile is not usable from that folder or an image cannot be read
     */
    public static ProfileDocument recordImageHashes(ProfileDocument document, Path recipeFolder) throws ProfileException {
        check(document, recipeFolder);
        return withImageHashes(document, recipeFolder, false);
    }

    private static ProfileDocument withImageHashes(ProfileDocument document, Path folder, boolean keepRecorded)
            throws ProfileException {
        Map<String, String> hashes = new HashMap<>();
        for (String ref : document.profile().referenceImages()) {
            String recorded = document.referenceSha256().get(ref);
            hashes.put(ref, keepRecorded && recorded != null ? recorded
                    : Hashes.sha256Hex(referenceBytes(referenceFile(folder, ref))));
        }
        return new ProfileDocument(document.profile(), document.offline(), hashes);
    }

    /**
     * The file a reference image names, inside the recipe folder: the name is relative without {@code ..}, and the
     * file it reaches (symbolic links followed) lies under the folder. A profile must not make Kensa read, and send
     * to an endpoint with every request, any other file on the disk.
     *
     * @throws ProfileException when the name is not such a path, the file is missing, or it lies outside the folder
     */
    static Path referenceFile(Path recipeFolder, String ref) throws ProfileException {
        String problem = nameProblem(ref);
        if (problem != null) {
            throw new ProfileException("Reference image " + problem + ".");
        }
        Path folder;
        Path file;
        try {
            folder = recipeFolder.toRealPath();
        } catch (IOException e) {
            throw new ProfileException("Cannot open the recipe folder " + recipeFolder + " to read reference image " + ref
                    + ": " + e.getMessage() + ". Check that the folder exists and is readable.", e);
        }
        try {
            file = folder.resolve(ref).toRealPath();
        } catch (IOException e) {
            throw new ProfileException("Reference image " + ref + " is missing (looked for " + recipeFolder.resolve(ref)
                    + "). Put the image there or remove it from the profile.", e);
        }
        if (!file.startsWith(folder)) {
            throw new ProfileException("Reference image " + ref + " lies outside the recipe folder " + folder
                    + " (it leads to " + file + "). Copy the image into the recipe folder and name it by its path there.");
        }
        if (!Files.isRegularFile(file)) {
            throw new ProfileException("Reference image " + ref + " (" + file + ") is not a file. Name an image file"
                    + " in the recipe folder.");
        }
        return file;
    }

    /** Why a reference image name cannot name a file in the recipe folder, or null when it can. */
    private static String nameProblem(String ref) {
        if (ref.isBlank()) {
            return "name is empty: name an image file in the recipe folder";
        }
        boolean absolute = ref.startsWith("/") || ref.startsWith("\\") || ref.matches("(?s)^[A-Za-z]:.*");
        try {
            absolute |= Path.of(ref).isAbsolute();
        } catch (InvalidPathException e) {
            return "'" + printable(ref) + "' is not a file name (" + e.getReason() + ")";
        }
        if (absolute) {
            return "'" + printable(ref) + "' is an absolute path: reference images lie in the recipe folder and are named"
                    + " relative to it (e.g. reference-good-1.png)";
        }
        if (Arrays.asList(ref.split("[/\\\\]")).contains("..")) {
            return "'" + printable(ref) + "' leaves the recipe folder (..): reference images lie in the recipe folder";
        }
        return null;
    }

    /** A name as a message can show it: control characters escaped, at most 200 characters. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(200).forEach(c -> out.append(Character.isISOControl(c)
                ? String.format(Locale.ROOT, "\\u%04x", c) : Character.toString(c)));
        return text.codePointCount(0, text.length()) > 200 ? out + "…" : out.toString();
    }

    /** The bytes of a reference image file, with an error that names it; a file over the size cap is refused. */
    static byte[] referenceBytes(Path file) throws ProfileException {
        try {
            long size = Files.size(file);
            if (size > MAX_REFERENCE_BYTES) {
                throw new ProfileException(String.format(Locale.ROOT, "Reference image %s is %,d bytes, more than the %d MB"
                        + " Kensa sends as a reference. Use a smaller photo of a good part (it is scaled down anyway).",
                        file, size, MAX_REFERENCE_BYTES >> 20));
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ProfileException("Cannot read reference image " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the profile as indented JSON (creating or replacing the file). */
    public static void write(ProfileDocument document, Path file) throws ProfileException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, toJson(document) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProfileException("Cannot write the prompt profile to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The profile file as written: keys in this order, {@code referenceImageSha256} only when there are hashes. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record ProfileFile(int kensaPromptProfile, String name, int version, String normalDescription,
                               List<ClassFile> anomalyClasses, String classificationStrategy, List<String> referenceImages,
                               Map<String, String> referenceImageSha256, OfflineFile offline,
                               Map<String, Object> outputSchema) {}

    private record ClassFile(String name, String definition, String distinguishFrom, String defaultSeverity) {}

    private record OfflineFile(double centreRadius, double ringRadius, Map<String, String> zoneNames, List<RuleFile> rules) {}

    private record RuleFile(@JsonProperty("class") String className, String zone, double minAreaPercent,
                            double maxAreaPercent) {}

    public static String toJson(ProfileDocument document) {
        PromptProfile p = document.profile();
        Map<String, String> hashes = null;
        if (!document.referenceSha256().isEmpty()) {
            hashes = new LinkedHashMap<>();
            for (String r : p.referenceImages()) {
                if (document.referenceSha256().containsKey(r)) {
                    hashes.put(r, document.referenceSha256().get(r));
                }
            }
        }
        OfflineHints hints = document.offline();
        Map<String, String> zones = new LinkedHashMap<>();
        for (OfflineHints.Zone zone : OfflineHints.Zone.values()) {
            if (hints.zoneNames().containsKey(zone)) {
                zones.put(zone.wire(), hints.zoneNames().get(zone));
            }
        }
        ProfileFile root = new ProfileFile(FORMAT, p.name(), p.version(), p.normalDescription(),
                p.anomalyClasses().stream().map(c -> new ClassFile(c.name(), c.definition(), c.distinguishFrom(),
                        c.defaultSeverity().wire())).toList(),
                p.classificationStrategy(), p.referenceImages(), hashes,
                new OfflineFile(hints.centreRadius(), hints.ringRadius(), zones, hints.rules().stream()
                        .map(r -> new RuleFile(r.className(), r.zone().wire(), r.minAreaPercent(), r.maxAreaPercent())).toList()),
                AnswerSchema.forProfile(p));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a profile as JSON", e);
        }
    }

    /** Parses a profile; {@code source} names the file or record in error messages. Does not check images. */
    public static ProfileDocument fromJson(String text, String source) throws ProfileException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProfileException("The prompt profile " + source + " is not valid JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ").", e);
        }
        if (root == null || !root.isObject()) {
            throw new ProfileException("The prompt profile " + source + " must be a JSON object.");
        }
        List<String> problems = new ArrayList<>();
        List<AnomalyClass> classes = new ArrayList<>();
        JsonNode classNodes = root.path("anomalyClasses");
        if (classNodes.isArray()) {
            int i = 0;
            for (JsonNode c : classNodes) {
                i++;
                Severity severity = Severity.DEFECT;
                try {
                    severity = Severity.fromWire(c.path("defaultSeverity").asText(""));
                } catch (IllegalArgumentException e) {
                    problems.add("anomaly class " + i + " (" + c.path("name").asText("") + "): default " + e.getMessage());
                }
                classes.add(new AnomalyClass(c.path("name").asText("").strip(), c.path("definition").asText(""),
                        c.path("distinguishFrom").asText(""), severity));
            }
        }
        List<String> refs = new ArrayList<>();
        root.path("referenceImages").forEach(r -> refs.add(r.asText("")));
        Map<String, String> hashes = new HashMap<>();
        root.path("referenceImageSha256").fields().forEachRemaining(e -> hashes.put(e.getKey(), e.getValue().asText("")));
        OfflineHints offline = offline(root.path("offline"), problems);
        PromptProfile profile = new PromptProfile(root.path("name").asText("").strip(), root.path("version").asInt(0),
                root.path("normalDescription").asText(""), classes, root.path("classificationStrategy").asText(""), refs);
        ProfileDocument document = new ProfileDocument(profile, offline, hashes);
        problems.addAll(problems(document, null));
        if (!problems.isEmpty()) {
            throw invalid(source, problems);
        }
        return document;
    }

    /**
     * Everything wrong with a profile, in words; empty when it is usable. With a recipe folder, reference images
     * are also checked to exist and decode.
     */
    public static List<String> problems(ProfileDocument document, Path recipeFolder) {
        PromptProfile p = document.profile();
        List<String> problems = new ArrayList<>();
        if (p.name().isBlank()) {
            problems.add("the profile has no name");
        }
        if (p.normalDescription().isBlank()) {
            problems.add("the normal description (ND) is empty: describe shape, colour and texture of a good part");
        }
        if (p.classificationStrategy().isBlank()) {
            problems.add("the classification strategy (CS) is empty: say where to look and which size thresholds apply");
        }
        if (p.anomalyClasses().isEmpty()) {
            problems.add("the profile has no anomaly classes (AD): add at least one with a name and a definition");
        }
        Set<String> seen = new HashSet<>();
        for (AnomalyClass c : p.anomalyClasses()) {
            String name = c.name();
            if (name.isBlank()) {
                problems.add("an anomaly class has no name");
                continue;
            }
            if (!CLASS_NAME.matcher(name).matches()) {
                problems.add("anomaly class name '" + name + "' must be lower-case letters, digits, _ or - (e.g. broken_small)");
            }
            if (name.equalsIgnoreCase(AnswerSchema.NORMAL_CLASS)) {
                problems.add("'normal' is reserved for the answer 'no anomaly' and cannot be an anomaly class");
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                problems.add("anomaly class name '" + name + "' is used twice");
            }
            if (c.definition().isBlank()) {
                problems.add("anomaly class '" + name + "' has no definition");
            }
        }
        if (p.referenceImages().isEmpty()) {
            problems.add("the profile has no reference image: add 1 to " + MAX_REFERENCE_IMAGES + " images of a good part");
        } else if (p.referenceImages().size() > MAX_REFERENCE_IMAGES) {
            problems.add("the profile has " + p.referenceImages().size() + " reference images; at most "
                    + MAX_REFERENCE_IMAGES + " are sent, remove the rest");
        }
        new TreeMap<>(document.referenceSha256()).forEach((ref, hash) -> {
            if (!p.referenceImages().contains(ref)) {
                problems.add("referenceImageSha256 lists " + ref + ", which is not one of the referenceImages: remove that entry");
            } else if (!SHA256.matcher(hash).matches()) {
                problems.add("referenceImageSha256 of " + ref + " is not a sha256 (64 hex digits)");
            }
        });
        for (String ref : p.referenceImages()) {
            String problem = nameProblem(ref);
            if (problem != null) {
                problems.add("reference image " + problem);
            } else if (recipeFolder != null) {
                try {
                    referenceFile(recipeFolder, ref);
                } catch (ProfileException e) {
                    problems.add(uncapitalised(e.getMessage()));
                }
            }
        }
        OfflineHints hints = document.offline();
        if (!(hints.centreRadius() > 0 && hints.centreRadius() < hints.ringRadius())) {
            problems.add("offline zones: centreRadius must be above 0 and below ringRadius");
        }
        for (OfflineHints.Rule r : hints.rules()) {
            if (!seen.contains(r.className().toLowerCase(Locale.ROOT))) {
                problems.add("offline rule names class '" + r.className() + "', which is not an anomaly class of this profile");
            }
            if (r.minAreaPercent() >= r.maxAreaPercent()) {
                problems.add("offline rule for '" + r.className() + "': minAreaPercent must be below maxAreaPercent");
            }
        }
        return problems;
    }

    /** Throws with every problem listed when the profile is not usable from the given recipe folder. */
    public static void check(ProfileDocument document, Path recipeFolder) throws ProfileException {
        List<String> problems = problems(document, recipeFolder);
        if (!problems.isEmpty()) {
            throw invalid("'" + document.name() + "'", problems);
        }
    }

    private static OfflineHints offline(JsonNode node, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return OfflineHints.NONE;
        }
        Map<OfflineHints.Zone, String> names = new EnumMap<>(OfflineHints.Zone.class);
        node.path("zoneNames").fields().forEachRemaining(e -> {
            try {
                names.put(OfflineHints.Zone.fromWire(e.getKey()), e.getValue().asText(""));
            } catch (IllegalArgumentException ex) {
                problems.add("offline zoneNames: " + ex.getMessage());
            }
        });
        List<OfflineHints.Rule> rules = new ArrayList<>();
        for (JsonNode r : node.path("rules")) {
            try {
                rules.add(new OfflineHints.Rule(r.path("class").asText("").strip(),
                        OfflineHints.Zone.fromWire(r.path("zone").asText("any")),
                        r.path("minAreaPercent").asDouble(0), r.path("maxAreaPercent").asDouble(100)));
            } catch (IllegalArgumentException ex) {
                problems.add("offline rule for '" + r.path("class").asText("") + "': " + ex.getMessage());
            }
        }
        return new OfflineHints(node.path("centreRadius").asDouble(OfflineHints.NONE.centreRadius()),
                node.path("ringRadius").asDouble(OfflineHints.NONE.ringRadius()), names, rules);
    }

    /** "Reference image x is missing. Put…" as one of a list of problems: "reference image x is missing. Put…". */
    private static String uncapitalised(String message) {
        String sentence = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
        return Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }

    private static ProfileException invalid(String source, List<String> problems) {
        return new ProfileException("The prompt profile " + source + " cannot be used: " + String.join("; ", problems) + ".");
    }
}

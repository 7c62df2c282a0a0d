package io.kensa.detect;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a TorchScript backbone file is, as data ({@code backbone.json} beside the {@code .pt}): its checksum,
 * input constraints, normalisation, and which outputs are the feature stages PatchCore uses.
 * A user-provided backbone (e.g. WideResNet-50) needs only its own descriptor, no code.
 *
 * @param json the descriptor text as read (stored in model bundles so a bundle names its backbone exactly)
 */
public record BackboneDescriptor(String name, String file, String sha256, InputSpec input, float[] mean, float[] std,
                                 int outputs, List<Stage> stages, List<String> patchCoreStages,
                                 Optional<Head> logits, Optional<Head> cam, String json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Input size rules: each side a multiple of {@code multipleOf} (and even if {@code even}), at least {@code minSize}. */
    public record InputSpec(int multipleOf, boolean even, int minSize, int channels) {
        public boolean accepts(int size) {
            return size >= minSize && size % multipleOf == 0 && (!even || size % 2 == 0);
        }
    }

    /** One feature map output: {@code [N, channels, H/stride, W/stride]} at output index {@code output}. */
    public record Stage(String name, int output, int stride, int channels) {}

    /** An optional head output (logits: {@code stride} 0, size = classes; CAM: classes × H/stride × W/stride). */
    public record Head(int output, int stride, int classes, String labels) {}

    public BackboneDescriptor {
        stages = List.copyOf(stages);
        patchCoreStages = List.copyOf(patchCoreStages);
    }

    public Path weights(Path descriptorFile) {
        return descriptorFile.toAbsolutePath().getParent().resolve(file);
    }

    /** The stages PatchCore concatenates, shallowest first. */
    public List<Stage> patchCoreStageList() {
        List<Stage> used = new ArrayList<>();
        for (String n : patchCoreStages) {
            used.add(stages.stream().filter(s -> s.name().equals(n)).findFirst().orElseThrow());
        }
        return used;
    }

    /**
     * What a trained memory bank depends on besides the weights: input normalisation and the PatchCore stages
     * (output index, stride, channels, in order). Two descriptors with equal {@link #featureContract()} give the same
     * features from the same weights; a model must be scored with the contract it was trained with.
     */
    public String featureContract() {
        StringBuilder b = new StringBuilder(sha256).append("|mean=").append(Arrays.toString(mean))
                .append("|std=").append(Arrays.toString(std)).append("|multipleOf=").append(input.multipleOf());
        for (Stage s : patchCoreStageList()) {
            b.append("|stage:output=").append(s.output()).append(",stride=").append(s.stride())
                    .append(",channels=").append(s.channels());
        }
        return b.toString();
    }

    /** The first part of the feature contract that differs from {@code other}'s, in words; empty when they agree. */
    public Optional<String> contractDifference(BackboneDescriptor other) {
        if (!sha256.equals(other.sha256)) {
            return Optional.of("the weights differ (sha256 " + sha256 + " vs " + other.sha256 + ")");
        }
        if (!Arrays.equals(mean, other.mean) || !Arrays.equals(std, other.std)) {
            return Optional.of("the normalisation differs (mean " + Arrays.toString(mean) + " std " + Arrays.toString(std)
                    + " vs mean " + Arrays.toString(other.mean) + " std " + Arrays.toString(other.std) + ")");
        }
        List<Stage> mine = patchCoreStageList(), theirs = other.patchCoreStageList();
        for (int i = 0; i < Math.max(mine.size(), theirs.size()); i++) {
            String a = i < mine.size() ? describe(mine.get(i)) : "none";
            String b = i < theirs.size() ? describe(theirs.get(i)) : "none";
            if (!a.equals(b)) {
                return Optional.of("PatchCore stage " + (i + 1) + " differs (" + a + " vs " + b + ")");
            }
        }
        if (input.multipleOf() != other.input.multipleOf()) {
            return Optional.of("the input rule differs (multiple of " + input.multipleOf() + " vs " + other.input.multipleOf() + ")");
        }
        return Optional.empty();
    }

    private static String describe(Stage s) {
        return "output " + s.output() + ", stride " + s.stride() + ", " + s.channels() + " channels";
    }

    public int patchCoreChannels() {
        return patchCoreStageList().stream().mapToInt(Stage::channels).sum();
    }

    public static BackboneDescriptor read(Path descriptorFile) throws DetectException {
        String text;
        try {
            text = Files.readString(descriptorFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DetectException("Cannot read the backbone descriptor " + descriptorFile
                    + ": " + e.getMessage() + ". Put a backbone.json beside the .pt file.", e);
        }
        return parse(text, descriptorFile.toString());
    }

    /** {@code backbone.json} as written; absent entries are null and checked in {@link #parse} with a message. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record DescriptorFile(String name, String file, String sha256, InputFile input, float[] mean, float[] std,
                                  Integer outputs, List<StageFile> stages, List<String> patchCoreStages, HeadFile logits,
                                  HeadFile cam) {}

    private record InputFile(@JsonProperty(required = true) int multipleOf, Boolean even, Integer minSize,
                             Integer channels) {}

    private record StageFile(@JsonProperty(required = true) String name, @JsonProperty(required = true) int output,
                             @JsonProperty(required = true) int stride, @JsonProperty(required = true) int channels) {}

    private record HeadFile(@JsonProperty(required = true) int output, Integer stride, Integer classes, String labels) {
        Head head() {
            return new Head(output, stride == null ? 0 : stride, classes == null ? 0 : classes, labels == null ? "" : labels);
        }
    }

    static BackboneDescriptor parse(String text, String where) throws DetectException {
        DescriptorFile o;
        try {
            o = JSON.readValue(text, DescriptorFile.class);
        } catch (JsonProcessingException e) {
            throw new DetectException("Backbone descriptor " + where + " is not valid: " + e.getOriginalMessage()
                    + ". Compare it with resources/models/mobilenet_v2_imagenet/backbone.json.", e);
        }
        InputFile in = required(o.input(), "input", where);
        InputSpec input = new InputSpec(in.multipleOf(), in.even() != null && in.even(),
                in.minSize() == null ? 32 : in.minSize(), in.channels() == null ? 3 : in.channels());
        List<Stage> stages = new ArrayList<>();
        for (StageFile s : required(o.stages(), "stages", where)) {
            stages.add(new Stage(s.name(), s.output(), s.stride(), s.channels()));
        }
        List<String> used = new ArrayList<>();
        for (String n : required(o.patchCoreStages(), "patchCoreStages", where)) {
            if (stages.stream().noneMatch(s -> s.name().equals(n))) {
                throw new DetectException("Backbone descriptor " + where + " lists PatchCore stage '" + n
                        + "' that is not among its stages. Fix patchCoreStages.");
            }
            used.add(n);
        }
        if (used.isEmpty()) {
            throw new DetectException("Backbone descriptor " + where + " names no patchCoreStages.");
        }
        for (int i = 1; i < used.size(); i++) {
            int previous = stride(stages, used.get(i - 1)), next = stride(stages, used.get(i));
            if (next <= previous) {
                throw new DetectException("Backbone descriptor " + where + " lists patchCoreStages " + used
                        + " out of order: they must go from the shallowest (smallest stride) to the deepest, e.g. stride 8"
                        + " then 16. Reorder patchCoreStages.");
            }
        }
        if (input.channels() != 3) {
            throw new DetectException("Backbone descriptor " + where + " asks for " + input.channels()
                    + "-channel input; Kensa feeds backbones RGB images (3 channels). Use a 3-channel backbone.");
        }
        float[] mean = required(o.mean(), "mean", where);
        float[] std = required(o.std(), "std", where);
        if (mean.length != input.channels() || std.length != input.channels()) {
            throw new DetectException("Backbone descriptor " + where + ": mean/std need "
                    + input.channels() + " values each.");
        }
        int maxOutput = stages.stream().mapToInt(Stage::output).max().orElse(0);
        int outputs = o.outputs() != null ? o.outputs() : maxOutput + 1;
        return new BackboneDescriptor(required(o.name(), "name", where), required(o.file(), "file", where),
                required(o.sha256(), "sha256", where).toLowerCase(java.util.Locale.ROOT),
                input, mean, std, outputs, stages, used, Optional.ofNullable(o.logits()).map(HeadFile::head),
                Optional.ofNullable(o.cam()).map(HeadFile::head), text);
    }

    private static int stride(List<Stage> stages, String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().stride();
    }

    private static <T> T required(T value, String key, String where) throws DetectException {
        if (value == null) {
            throw new DetectException("Backbone descriptor " + where + " has no '" + key + "' entry.");
        }
        return value;
    }
}

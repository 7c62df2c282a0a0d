package io.kensa.cam;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import io.kensa.detect.BackboneDescriptor;
import io.kensa.util.Hashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Grad-CAM twin of a {@link Backbone}: a TorchScript file with the same weights whose forward takes zero "probe"
 * tensors, one per Grad-CAM stage, adds each to its stage's activation and also returns the last conv activation
 * ({@code forward(x, probe_s8, probe_s16, probe_last) -> (logits, feat_s8, feat_s16, cam, last)}). A probe is a
 * leaf, so the gradient of a class score with respect to it is the gradient at that stage: Grad-CAM at any stage by
 * autograd through the real backbone. Described by the {@code gradcam} entry of {@code backbone.json} (file, sha256
 * checked on load, stages); made by {@code tools/cam/make_cam_backbone.py}.
 *
 * <p>Runs on the plain backbone's device. Owns its DJL model; calls are serialised (one map at a time).
 */
public final class CamBackbone implements AutoCloseable {
    private static final String ENGINE = "PyTorch";

    /** One Grad-CAM stage: activation at output {@code output}, its probe is forward input {@code probe}. */
    record Layer(String name, int output, int probe, int stride, int channels) {}

    /** One forward pass: all outputs, and the probes (gradient leaves) in {@link #layers()} order. */
    record Pass(NDList outputs, List<NDArray> probes) {}

    private final Backbone backbone;
    private final Model model;
    private final ParameterStore parameters;
    private final List<Layer> layers;
    private final int outputs;
    private final Path file;
    private final java.util.Optional<Path> labels;
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();

    private CamBackbone(Backbone backbone, Model model, List<Layer> layers, int outputs, Path file,
                        java.util.Optional<Path> labels) {
        this.backbone = backbone;
        this.model = model;
        this.parameters = new ParameterStore(model.getNDManager(), false);
        this.layers = List.copyOf(layers);
        this.outputs = outputs;
        this.file = file;
        this.labels = labels;
    }

    /** The Grad-CAM twin of the shipped MobileNetV2; {@code backbone} must be the shipped backbone (not owned). */
    public static CamBackbone shipped(Backbone backbone) throws CamException {
        return load(ShippedResources.mobilenetV2().resolve("backbone.json"), backbone);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The parts of {@code backbone.json} Grad-CAM reads; the detector's own parts are read by BackboneDescriptor. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record DescriptorFile(String sha256, GradcamFile gradcam) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record GradcamFile(@JsonProperty(required = true) String file, @JsonProperty(required = true) String sha256,
                               Integer outputs, @JsonProperty(required = true) List<StageFile> stages) {}

    private record StageFile(@JsonProperty(required = true) String name, @JsonProperty(required = true) int output,
                             @JsonProperty(required = true) int probe, @JsonProperty(required = true) int stride,
                             @JsonProperty(required = true) int channels) {}

    /**
     * Loads the Grad-CAM file named in the {@code gradcam} entry of {@code descriptorFile} on {@code backbone}'s
     * device. {@code backbone} (not owned, keep it open) must have been loaded from the same descriptor.
     */
    public static CamBackbone load(Path descriptorFile, Backbone backbone) throws CamException {
        String text;
        try {
            text = Files.readString(descriptorFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CamException("Cannot read the backbone descriptor " + descriptorFile + ": " + e.getMessage() + ".", e);
        }
        DescriptorFile root;
        try {
            root = JSON.readValue(text, DescriptorFile.class);
        } catch (JsonProcessingException e) {
            throw new CamException("The backbone descriptor " + descriptorFile + " is not valid: " + e.getOriginalMessage()
                    + ". Each Grad-CAM stage needs name, output, probe, stride and channels; compare it with the shipped"
                    + " resources/models/mobilenet_v2_imagenet/backbone.json.", e);
        }
        String mainSha = root.sha256() == null ? "" : root.sha256().toLowerCase(java.util.Locale.ROOT);
        if (!mainSha.equals(backbone.sha256())) {
            throw new CamException("Backbone descriptor " + descriptorFile + " describes weights with sha256 " + mainSha
                    + " but the loaded backbone has " + backbone.sha256() + ". Load the Grad-CAM file from the descriptor"
                    + " the backbone was loaded from.");
        }
        GradcamFile g = root.gradcam();
        if (g == null) {
            throw new CamException("Backbone descriptor " + descriptorFile + " has no 'gradcam' entry, so Grad-CAM is not"
                    + " available for backbone '" + backbone.descriptor().name() + "'. Make a probe TorchScript of the same"
                    + " weights (see tools/cam/make_cam_backbone.py) and declare it as 'gradcam' in the descriptor.");
        }
        List<Layer> layers = g.stages() == null ? List.of() : g.stages().stream()
                .map(st -> new Layer(st.name(), st.output(), st.probe(), st.stride(), st.channels())).toList();
        if (layers.isEmpty()) {
            throw new CamException("The 'gradcam' entry of " + descriptorFile + " lists no stages. Add at least one.");
        }
        int outputs = g.outputs() != null ? g.outputs() : 1 + layers.stream().mapToInt(Layer::output).max().orElse(0);
        Path weights = descriptorFile.toAbsolutePath().getParent().resolve(g.file());
        if (!Files.isRegularFile(weights)) {
            throw new CamException("Grad-CAM weights " + weights + " named in " + descriptorFile + " do not exist. Put the"
                    + " file beside the descriptor, or rebuild it with tools/cam/make_cam_backbone.py.");
        }
        String expected = g.sha256().toLowerCase(java.util.Locale.ROOT);
        String actual;
        try {
            actual = Hashes.sha256Hex(weights);
        } catch (IOException e) {
            throw new CamException("Cannot read " + weights + " to check its checksum: " + e.getMessage(), e);
        }
        if (!actual.equals(expected)) {
            throw new CamException("Grad-CAM weights " + weights + " do not match their descriptor: expected sha256 "
                    + expected + " but the file has " + actual + ". The file is damaged or was replaced; restore the"
                    + " original or update gradcam.sha256 in " + descriptorFile + " for the new file.");
        }
        Device device;
        try (NDManager m = backbone.newManager()) {
            device = m.getDevice();
        }
        Model model = Model.newInstance(backbone.descriptor().name() + "-gradcam", device, ENGINE);
        try {
            String name = weights.getFileName().toString();
            // trainParam: DJL otherwise loads the weights as libtorch "inference tensors", which autograd refuses
            model.load(weights.getParent(), name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name,
                    java.util.Map.of("trainParam", "true"));
            JniUtils.enableInferenceMode((PtSymbolBlock) model.getBlock());
            java.util.Optional<Path> labels = backbone.descriptor().logits().map(BackboneDescriptor.Head::labels)
                    .filter(l -> !l.isBlank()).map(l -> descriptorFile.toAbsolutePath().getParent().resolve(l));
            CamBackbone cam = new CamBackbone(backbone, model, layers, outputs, weights, labels);
            cam.checkOutputs();
            return cam;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new CamException("Cannot load Grad-CAM weights " + weights + " with DJL PyTorch: " + e.getMessage()
                    + ". It must be a TorchScript file taking (x, one probe per stage).", e);
        } catch (CamException e) {
            model.close();
            throw e;
        }
    }

    private void checkOutputs() throws CamException {
        BackboneDescriptor.InputSpec in = descriptor().input();
        int size = Math.max(in.minSize(), 2 * in.multipleOf());
        while (!in.accepts(size)) {
            size++;
        }
        try (NDManager m = newManager()) {
            Pass p = run(m, m.zeros(new Shape(1, 3, size, size)), false);
            if (p.outputs().size() < outputs) {
                throw new CamException("Grad-CAM file " + file + " returns " + p.outputs().size() + " outputs but its"
                        + " descriptor promises " + outputs + ".");
            }
            for (Layer l : layers) {
                Shape expected = new Shape(1, l.channels(), size / l.stride(), size / l.stride());
                Shape actual = p.outputs().get(l.output()).getShape();
                if (!actual.equals(expected)) {
                    throw new CamException("Grad-CAM file " + file + " output " + l.output() + " ('" + l.name()
                            + "') has shape " + actual + " for a " + size + "x" + size + " input; the descriptor says "
                            + expected + ".");
                }
            }
        }
    }

    /**
     * One forward of a normalised {@code [N,3,H,W]} batch with zero probes. With {@code gradients} the graph is
     * recorded (call inside {@link Autograd#run}) and the probes require gradients.
     */
    Pass run(NDManager m, NDArray x, boolean gradients) {
        long n = x.getShape().get(0), h = x.getShape().get(2), w = x.getShape().get(3);
        NDArray[] inputs = new NDArray[1 + layers.size()];
        inputs[0] = x;
        List<NDArray> probes = new ArrayList<>();
        for (Layer l : layers) {
            NDArray probe = m.zeros(new Shape(n, l.channels(), h / l.stride(), w / l.stride()));
            if (gradients) {
                probe.setRequiresGradient(true);
            }
            inputs[l.probe()] = probe;
            probes.add(probe);
        }
        NDList out = model.getBlock().forward(parameters, new NDList(inputs), gradients);
        return new Pass(out, probes);
    }

    /** The labels file of the backbone's own logits head (e.g. imagenet_classes.txt), if it has one. */
    java.util.Optional<Path> labelsFile() {
        return labels;
    }

    /** Held around each pass, so one map is computed at a time on this model. */
    java.util.concurrent.locks.ReentrantLock lock() {
        return lock;
    }

    List<Layer> layers() {
        return layers;
    }

    Layer layer(String stage) throws CamException {
        for (Layer l : layers) {
            if (l.name().equals(stage)) {
                return l;
            }
        }
        throw new CamException("Unknown Grad-CAM stage '" + stage + "'. Use one of " + stages() + ".");
    }

    /** The stage names, shallowest first (e.g. feat_s8, feat_s16, last). */
    public List<String> stages() {
        return layers.stream().map(Layer::name).toList();
    }

    /** The plain backbone this twin belongs to (for the plain forward and its descriptor). */
    public Backbone backbone() {
        return backbone;
    }

    public BackboneDescriptor descriptor() {
        return backbone.descriptor();
    }

    /** The device the Grad-CAM pass really runs on, e.g. {@code cpu()}. */
    public String device() {
        return model.getNDManager().getDevice().toString();
    }

    /** A manager on this model's device; close it when the frame is done. */
    NDManager newManager() {
        return model.getNDManager().newSubManager();
    }

    @Override
    public void close() {
        model.close();
    }
}

package io.kensa.detect;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.kensa.config.ShippedResources;
import io.kensa.util.Hashes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A TorchScript CNN loaded through DJL's PyTorch engine, described by a {@link BackboneDescriptor}.
 * Loading verifies the file's sha256 and runs a dummy forward to check the outputs PatchCore needs.
 * Owns the DJL model; thread-safe for inference (each call works in the caller's NDManager).
 */
public final class Backbone implements AutoCloseable {
    private static final String ENGINE = "PyTorch";
    private static final String THREADS = "ai.djl.pytorch.num_threads";
    private static final String INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    private final BackboneDescriptor descriptor;
    private final Model model;
    private final ParameterStore parameters;

    private Backbone(BackboneDescriptor descriptor, Model model) {
        this.descriptor = descriptor;
        this.model = model;
        this.parameters = new ParameterStore(model.getNDManager(), false);
    }

    /** The shipped ImageNet MobileNetV2 ({@code resources/models/mobilenet_v2_imagenet/backbone.json}). */
    public static Backbone shipped(DeviceSetting device) throws DetectException {
        return load(ShippedResources.mobilenetV2().resolve("backbone.json"), device);
    }

    /**
     * The descriptor for a backbone named in a recipe: a descriptor file or folder (relative paths against each
     * folder in turn), or a name looked up as {@code <folder>/<name>/backbone.json} — so a user can add a bigger
     * backbone (e.g. WideResNet-50 TorchScript + descriptor) under the data folder and name it in the recipe.
     */
    public static Path find(String nameOrPath, List<Path> folders) throws DetectException {
        List<Path> tried = new ArrayList<>();
        for (Path folder : folders) {
            Path candidate = folder.resolve(nameOrPath);
            for (Path descriptor : List.of(candidate, candidate.resolve("backbone.json"))) {
                tried.add(descriptor);
                if (Files.isRegularFile(descriptor)) {
                    return descriptor;
                }
            }
        }
        throw new DetectException("Backbone '" + nameOrPath + "' not found (looked for " + tried + "). Put the "
                + "TorchScript file and its backbone.json in one of those folders, or fix the recipe's detector.backbone.");
    }

    /** Loads the backbone described by {@code descriptorFile}; its weights file sits beside it. */
    public static Backbone load(Path descriptorFile, DeviceSetting device) throws DetectException {
        BackboneDescriptor d = BackboneDescriptor.read(descriptorFile);
        Path weights = d.weights(descriptorFile);
        if (!Files.isRegularFile(weights)) {
            throw new DetectException("Backbone weights " + weights + " named in " + descriptorFile
                    + " do not exist. Put the .pt file beside the descriptor.");
        }
        String actual = sha256(weights);
        if (!actual.equals(d.sha256())) {
            throw new DetectException("Backbone weights " + weights + " do not match their descriptor: expected sha256 "
                    + d.sha256() + " but the file has " + actual + ". The file is damaged or was replaced;"
                    + " restore the original or update the descriptor for the new file.");
        }
        Device target = device(device);
        Model model = Model.newInstance(d.name(), target, ENGINE);
        try {
            String file = d.file();
            model.load(weights.getParent(), file.endsWith(".pt") ? file.substring(0, file.length() - 3) : file);
            Backbone backbone = new Backbone(d, model);
            backbone.checkOutputs(weights);
            return backbone;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new DetectException("Cannot load backbone " + weights + " with DJL PyTorch: " + e.getMessage()
                    + ". It must be a TorchScript file (torch.jit.trace/script).", e);
        } catch (DetectException e) {
            model.close();
            throw e;
        }
    }

    /**
     * libtorch's OpenMP pool spins at barriers: with as many threads as cores, any other busy thread (camera,
     * UI, another process) stalls every parallel op, which measured 20-30x slower on a loaded 2-core machine.
     * Use half the cores unless {@code ai.djl.pytorch.num_threads} is set explicitly.
     */
    private static void limitThreads() {
        if (System.getProperty(THREADS) == null) {
            System.setProperty(THREADS, Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
        }
        if (System.getProperty(INTEROP_THREADS) == null) {
            System.setProperty(INTEROP_THREADS, "1");
        }
    }

    private static Device device(DeviceSetting setting) throws DetectException {
        limitThreads();
        Engine engine;
        try {
            engine = Engine.getEngine(ENGINE);
        } catch (RuntimeException e) {
            throw new DetectException("The PyTorch engine could not start: " + e.getMessage()
                    + ". Check that the libtorch native jar is on the class path and DJL_CACHE_DIR is writable.", e);
        }
        int gpus = engine.getGpuCount();
        return switch (setting) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new DetectException("Device 'gpu' was requested but the PyTorch engine sees no CUDA GPU"
                            + " (CPU-only libtorch or no driver). Use device 'auto' or 'cpu'.");
                }
                yield Device.gpu();
            }
        };
    }

    /** Runs a small dummy image through the net and checks every stage's shape against the descriptor. */
    private void checkOutputs(Path weights) throws DetectException {
        BackboneDescriptor.InputSpec in = descriptor.input();
        int size = Math.max(in.minSize(), 2 * in.multipleOf());
        while (!in.accepts(size)) {
            size++;
        }
        try (NDManager m = newManager()) {
            NDList out = forward(m.zeros(new Shape(1, in.channels(), size, size)));
            if (out.size() < descriptor.outputs()) {
                throw new DetectException("Backbone " + weights + " returns " + out.size() + " outputs but its descriptor"
                        + " promises " + descriptor.outputs() + ".");
            }
            for (BackboneDescriptor.Stage s : descriptor.stages()) {
                Shape expected = new Shape(1, s.channels(), size / s.stride(), size / s.stride());
                Shape actual = out.get(s.output()).getShape();
                if (!actual.equals(expected)) {
                    throw new DetectException("Backbone " + weights + " output " + s.output() + " ('" + s.name()
                            + "') has shape " + actual + " for a " + size + "x" + size + " input; the descriptor says "
                            + s.channels() + " channels at stride " + s.stride() + ", i.e. " + expected + ".");
                }
            }
        }
    }

    /** Forward pass of a normalised {@code [N,C,H,W]} batch; the outputs belong to the input's manager. */
    public NDList forward(NDArray input) {
        return model.getBlock().forward(parameters, new NDList(input), false);
    }

    /** A manager on this backbone's device; close it when the frame or batch is done. */
    public NDManager newManager() {
        return model.getNDManager().newSubManager();
    }

    public BackboneDescriptor descriptor() {
        return descriptor;
    }

    /** The device inference really runs on, e.g. {@code cpu()} or {@code gpu(0)}. */
    public String device() {
        return model.getNDManager().getDevice().toString();
    }

    public String sha256() {
        return descriptor.sha256();
    }

    static String sha256(Path file) throws DetectException {
        try {
            return Hashes.sha256Hex(file);
        } catch (IOException e) {
            throw new DetectException("Cannot read " + file + " to check its checksum: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}

package io.kensa.cli;

import io.kensa.config.KensaHome;
import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import io.kensa.detect.Detection;
import io.kensa.detect.Detector;
import io.kensa.detect.DeviceSetting;
import io.kensa.detect.PatchCoreModel;
import io.kensa.inspect.DetectorModels;
import io.kensa.llm.ExplainRequest;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explainers;
import io.kensa.llm.Explanation;
import io.kensa.llm.ExplanationTask;
import io.kensa.llm.LlmSettings;
import io.kensa.llm.LoadedProfile;
import io.kensa.llm.MaskDetections;
import io.kensa.model.Severity;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.Recipes;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kensa explain IMAGE --recipe R}: one explanation from the command line, printed as parsed fields.
 * The anomaly map comes from the recipe's PatchCore model, or from {@code --mask} (a binary PNG, e.g. an MVTec
 * ground-truth mask) to explain a known region.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain one image with the recipe's prompt profile (an LLM endpoint, or the offline rules).")
public final class ExplainCommand implements Callable<Integer> {

    /** Where the detection for an image comes from when no {@code --mask} is given. */
    @FunctionalInterface
    public interface DetectionSource {
        Detection detect(Path recipeFolder, BufferedImage image) throws Exception;
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "the image to explain (PNG/JPEG)")
    Path image;

    @Option(names = "--recipe", required = true, paramLabel = "R",
            description = "recipe folder, or a recipe name under <data folder>/recipes or the shipped resources/recipes")
    String recipe;

    @Option(names = "--mask", paramLabel = "PNG", description = "binary mask used as the anomaly map (white = anomalous)")
    Path mask;

    @Mixin
    LlmOptions llm = new LlmOptions();

    private final DetectionSource detections;

    /** The command as installed: detections come from the recipe's own PatchCore model (trained on first use). */
    public ExplainCommand() {
        this.detections = ExplainCommand::detectWithRecipe;
    }

    public ExplainCommand(DetectionSource detections) {
        this.detections = detections;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KensaHome home = KensaHome.resolve();
        Path folder = recipeFolder(home);
        LoadedProfile profile = LoadedProfile.fromRecipeFolder(folder);
        BufferedImage frame = readImage(image, "image");
        Detection detection = detection(folder, frame);
        LlmSettings settings = llm.settings(home);
        try (Explainer explainer = Explainers.create(settings, home.root())) {
            err.println("Explaining " + image.getFileName() + " with " + explainer.describe() + " …");
            AtomicInteger printed = new AtomicInteger();
            ExplanationTask task = explainer.explain(new ExplainRequest(frame, detection, profile), soFar -> {
                // stream the growing rationale to stderr; stdout gets the parsed result only
                synchronized (printed) {
                    if (soFar.length() > printed.get()) {
                        err.print(soFar.substring(printed.get()));
                        err.flush();
                        printed.set(soFar.length());
                    }
                }
            });
            Explanation e = task.result().get();
            err.println();
            print(out, e, profile, detection);
            return e.hasAnswer() ? 0 : 2;
        }
    }

    private static Detection detectWithRecipe(Path recipeFolder, BufferedImage image) throws Exception {
        Recipe recipe = Recipes.read(recipeFolder.resolve("recipe.json"));
        PrintWriter err = new PrintWriter(System.err, true);
        Path descriptor = Backbone.find(recipe.detector().backbone(), List.of(recipeFolder,
                KensaHome.resolve().dir("backbones"), ShippedResources.resolve("models")));
        try (Backbone backbone = Backbone.load(descriptor, DeviceSetting.parse(recipe.detector().device()))) {
            PatchCoreModel model = DetectorModels.prepare(recipe, backbone, KensaHome.resolve(), new StderrProgress(err), () -> false);
            try (Detector detector = model.detector()) {
                return detector.detect(image);
            }
        }
    }

    private Path recipeFolder(KensaHome home) throws IOException {
        Path direct = Path.of(recipe);
        if (Files.isDirectory(direct)) {
            return direct;
        }
        for (Path candidate : new Path[] {home.recipes().resolve(recipe), ShippedResources.resolve("recipes").resolve(recipe)}) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IOException("No recipe '" + recipe + "': it is not a folder, and neither " + home.recipes().resolve(recipe)
                + " nor " + ShippedResources.resolve("recipes").resolve(recipe) + " exists.");
    }

    private Detection detection(Path folder, BufferedImage frame) throws Exception {
        if (mask != null) {
            return MaskDetections.fromMask(readImage(mask, "mask"), frame.getWidth(), frame.getHeight());
        }
        return detections.detect(folder, frame);
    }

    private static BufferedImage readImage(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("The " + what + " " + file + " does not exist.");
        }
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException("The " + what + " " + file + " is not a PNG or JPEG image.");
        }
        return img;
    }

    private static void print(PrintWriter out, Explanation e, LoadedProfile profile, Detection d) {
        out.printf(Locale.ROOT, "Status:      %s%n", e.status());
        out.printf(Locale.ROOT, "Explainer:   %s%s%n", e.model(), e.endpoint().isEmpty() ? "" : " at " + e.endpoint());
        out.printf(Locale.ROOT, "Profile:     %s v%d (%s)%n", e.profileName(), e.profileVersion(), profile.folder());
        out.printf(Locale.ROOT, "Detector:    score %.4g, threshold %.4g, %d region(s) (%s)%n", d.score(), d.threshold(),
                d.regions().size(), d.device());
        out.printf(Locale.ROOT, "Class:       %s%n", e.anomalyClass().orElse("-"));
        out.printf(Locale.ROOT, "Severity:    %s%n", e.severity().map(Severity::wire).orElse("-"));
        out.printf(Locale.ROOT, "Confidence:  %.2f%n", e.confidence());
        out.printf(Locale.ROOT, "Rationale:   %s%n", e.rationale());
        out.printf(Locale.ROOT, "Evidence:    %s%n", e.evidence().isEmpty() ? "-" : e.evidence());
        out.printf(Locale.ROOT, "Latency:     %d ms, tokens %d + %d%s%n", e.latencyMs(), e.promptTokens(),
                e.completionTokens(), e.fromCache() ? " (from cache)" : "");
        out.flush();
    }
}

package io.kensa.cli;

import io.kensa.auth.Accounts;
import io.kensa.auth.SignedIn;
import io.kensa.config.KensaHome;
import io.kensa.inspect.AnswerCache;
import io.kensa.inspect.LabelledSet;
import io.kensa.inspect.LogSamples;
import io.kensa.inspect.PromptAblation;
import io.kensa.inspect.PromptComparison;
import io.kensa.inspect.PromptEvaluation;
import io.kensa.inspect.PromptVersions;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explainers;
import io.kensa.llm.LlmSettings;
import io.kensa.llm.LoadedProfile;
import io.kensa.llm.ProfileDocument;
import io.kensa.llm.PromptPart;
import io.kensa.llm.PromptProfiles;
import io.kensa.recipe.Recipes;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import io.kensa.store.PromptProfileStore;
import io.kensa.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kensa prompts …}: measure a recipe's prompt profile on a labelled set, export and import profile versions. */
@Command(name = "prompts", mixinStandardHelpOptions = true,
        description = "Prompt profiles: evaluate on a labelled set, export a version to JSON, import JSON as a new version.",
        subcommands = {PromptsCommand.Evaluate.class, PromptsCommand.Export.class, PromptsCommand.Import.class})
public final class PromptsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The recipe option shared by the subcommands: a folder, or a recipe name. */
    static final class RecipeOption {
        @Option(names = "--recipe", required = true, paramLabel = "R",
                description = "recipe folder, or a recipe name under <data folder>/recipes or the shipped resources/recipes")
        String recipe;

        Path folder(KensaHome home) throws Exception {
            Path direct = Path.of(recipe);
            return Files.isDirectory(direct) ? direct : new Recipes(home).load(recipe).folder();
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Explain every test/<class>/ image of an MVTec-layout folder with the recipe's profile, using the"
                    + " ground-truth masks as anomaly maps (so it measures the prompt, not the detector), and print"
                    + " per-class precision/recall, macro accuracy, macro F1, Cohen's kappa, the normal/minor/defect"
                    + " accuracy, invalid answers, tokens and latency. --ablate measures what each prompt part is worth,"
                    + " --compare two stored versions. Answers are cached in <data folder>/" + AnswerCache.FOLDER
                    + ", so a rerun, or a run stopped with Ctrl-C, asks only the images not answered yet.")
    static final class Evaluate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RecipeOption recipe = new RecipeOption();

        @Mixin
        StoreOptions store = new StoreOptions();

        @Option(names = "--data", paramLabel = "DIR",
                description = "MVTec-layout folder: test/<class>/ images and ground_truth/<class>/<name>_mask.png")
        Path data;

        @Option(names = "--from-log", paramLabel = "FILTER",
                description = "use the decision log instead of --data: the inspectors' final classes of the recipe's"
                        + " decided inspections, their stored images and the detector's recorded maps. FILTER is"
                        + " recipe=NAME,from=DAY,to=DAY,class=NAME (each optional, days inclusive) or 'all'")
        String fromLog;

        @Option(names = "--version", paramLabel = "N",
                description = "evaluate this stored version of the profile instead of the recipe's prompt-profile.json")
        Integer version;

        @Option(names = "--include-good", description = "also explain test/good/ images (empty mask) and expect 'normal'")
        boolean includeGood;

        @Mixin
        LlmOptions llm = new LlmOptions();

        @Option(names = "--ablate", paramLabel = "PARTS",
                description = "also run once per left-out prompt part and print the ablation table; PARTS is a"
                        + " comma-separated list of RI (reference images), VP (visual prompt), ND (normal description),"
                        + " AD (anomaly descriptions), CS (classification strategy), e.g. RI,VP,ND,AD,CS")
        String ablate;

        @Option(names = "--compare", paramLabel = "V1,V2",
                description = "run two stored versions of the profile on the same set and print the metric deltas and"
                        + " the images whose answer changed, with both answers")
        String compare;

        @Option(names = "--json", description = "print one JSON object (with every image's answer) instead of text")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            KensaHome home = store.home();
            Path folder = recipe.folder(home);
            LoadedProfile profile = LoadedProfile.fromRecipeFolder(folder);
            List<PromptPart> parts = ablate == null ? List.of() : PromptPart.parseList(ablate);
            List<Integer> versions = compare == null ? List.of() : versions(compare);
            if (!parts.isEmpty() && !versions.isEmpty()) {
                throw new IllegalArgumentException("--ablate and --compare are two measurements: run them one at a time.");
            }
            if (version != null && !versions.isEmpty()) {
                throw new IllegalArgumentException("--compare names both versions; leave out --version.");
            }
            if (version != null) {
                profile = LoadedProfile.load(storedVersion(store, profile.document().name(), version), folder);
            }
            LlmSettings settings = llm.settings(home);
            if (!parts.isEmpty() && settings.offline()) {
                throw new IllegalArgumentException("--ablate needs an LLM endpoint (--endpoint and --model, or the saved"
                        + " settings): the offline explainer does not read the prompt, so leaving a part out changes nothing.");
            }
            List<PromptEvaluation.Sample> samples = samples(profile, err);
            AnswerCache cache = AnswerCache.in(home.root());
            StderrProgress progress = new StderrProgress(err);
            try (Explainer explainer = Explainers.create(settings, home.root())) {
                String what;
                if (!versions.isEmpty()) {
                    LoadedProfile first = LoadedProfile.load(storedVersion(store, profile.document().name(), versions.get(0)), folder);
                    LoadedProfile second = LoadedProfile.load(storedVersion(store, profile.document().name(), versions.get(1)), folder);
                    err.println("Comparing profile " + profile.document().name() + " v" + versions.get(0) + " and v"
                            + versions.get(1) + " on " + samples.size() + " images with " + explainer.describe() + " …");
                    PromptComparison c = PromptComparison.run(explainer, first, second, samples, cache, progress, () -> false);
                    what = json ? c.toJson() + System.lineSeparator() : c.toText();
                } else if (!parts.isEmpty()) {
                    err.println("Ablating profile " + profile.document().name() + " v" + profile.document().version() + " on "
                            + samples.size() + " images, " + (parts.size() + 1) + " runs, with " + explainer.describe() + " …");
                    PromptAblation a = PromptAblation.run(explainer, profile, samples, parts, cache, progress, () -> false);
                    what = json ? a.toJson() + System.lineSeparator() : a.toText();
                } else {
                    err.println("Evaluating profile " + profile.document().name() + " v" + profile.document().version() + " on "
                            + samples.size() + " images with " + explainer.describe() + " …");
                    PromptEvaluation.Report report = PromptEvaluation.run(explainer, profile, samples, Optional.empty(), cache,
                            progress, () -> false);
                    what = json ? report.toJson() + System.lineSeparator() : report.toText();
                }
                out.print(what);
                out.flush();
            }
            return 0;
        }

        /** The labelled set: the MVTec-layout folder, or the decided inspections of the log. */
        private List<PromptEvaluation.Sample> samples(LoadedProfile profile, PrintWriter err) throws Exception {
            if ((data == null) == (fromLog == null)) {
                throw new IllegalArgumentException("Give the labelled set: --data DIR (an MVTec-layout folder) or"
                        + " --from-log FILTER (the decision log), one of them.");
            }
            if (data != null) {
                return PromptEvaluation.samples(data, profile.profile(), includeGood);
            }
            LogSamples.Filter filter = LogSamples.Filter.parse(fromLog, ZoneId.systemDefault());
            try (Database db = store.openExisting();
                 InspectionStore log = InspectionStore.openForReading(db, store.images())) {
                String recipeName = Recipes.read(profile.folder().resolve("recipe.json")).name();
                LogSamples.LogSet set = new LabelledSet.Log(log, filter, recipeName).read(profile.profile());
                err.println("Decision log: " + set.summary());
                return set.samples();
            }
        }

        private static List<Integer> versions(String text) {
            String[] items = text.split(",");
            try {
                if (items.length == 2) {
                    int a = Integer.parseInt(items[0].strip());
                    int b = Integer.parseInt(items[1].strip());
                    if (a != b) {
                        return List.of(a, b);
                    }
                }
            } catch (NumberFormatException e) {
                // fall through to the message
            }
            throw new IllegalArgumentException("--compare '" + text + "' must name two different stored versions, e.g."
                    + " --compare 1,2 ('kensa prompts export --version N' shows one).");
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the recipe's prompt profile (the latest stored version, or --version N) to a readable JSON file.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RecipeOption recipe = new RecipeOption();

        @Mixin
        StoreOptions store = new StoreOptions();

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "JSON file to write")
        Path outFile;

        @Option(names = "--version", paramLabel = "N", description = "stored version to export (default: the latest)")
        Integer version;

        @Override
        public Integer call() throws Exception {
            Path folder = recipe.folder(store.home());
            ProfileDocument file = PromptProfiles.read(folder.resolve(PromptProfiles.FILE_NAME));
            ProfileDocument chosen;
            if (version != null) {
                chosen = storedVersion(store, file.name(), version);
            } else if (!store.exists()) {
                chosen = file; // nothing stored yet (the workstation never ran): the recipe file is the profile
            } else {
                try (Database db = store.openExisting()) {
                    chosen = new PromptProfileStore(db, store.home().root()).latest(file.name()).orElse(file);
                }
            }
            PromptProfiles.write(chosen, outFile);
            spec.commandLine().getOut().println("Exported prompt profile " + chosen.name() + " v" + chosen.version() + " to " + outFile);
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Read a profile JSON file, check it against the recipe (reference images must exist in the recipe"
                    + " folder), store it as a new version and make it the recipe's prompt-profile.json.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "profile JSON file (as written by export)")
        Path file;

        @Mixin
        RecipeOption recipe = new RecipeOption();

        @Mixin
        StoreOptions store = new StoreOptions();

        @Mixin
        UserOptions user = new UserOptions();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Path folder = recipe.folder(store.home());
            if (!Files.isRegularFile(file)) {
                throw new IOException("The profile file " + file + " does not exist.");
            }
            ProfileDocument document = PromptProfiles.fromJson(Files.readString(file), file.toString());
            try (Database db = store.open()) {
                Accounts accounts = UserOptions.accounts(db, store);
                SignedIn by = user.signIn(accounts, "kensa prompts import");
                PromptVersions.Saved saved = PromptVersions.save(new PromptProfileStore(db, store.home().root()), document, folder,
                        by.operator());
                ProfileDocument d = saved.document();
                if (saved.newVersion()) {
                    // publishing a version is signed: who, when, meaning, which version
                    user.sign(accounts, by, "published", "prompt profile " + d.name() + " v" + d.version());
                }
                out.println(saved.newVersion() ? "Stored prompt profile " + d.name() + " v" + d.version() + " by "
                        + by.operator().label() + ", signed"
                        : "No change: prompt profile " + d.name() + " v" + d.version() + " already has this content.");
                saved.recipeFile().ifPresent(f -> out.println("Recipe file updated: " + f));
                saved.warning().ifPresent(w -> spec.commandLine().getErr().println("Warning: " + w));
            }
            return 0;
        }
    }

    private static ProfileDocument storedVersion(StoreOptions store, String name, int version) throws StoreException {
        try (Database db = store.openExisting()) {
            Optional<ProfileDocument> found = new PromptProfileStore(db, store.home().root()).version(name, version);
            return found.orElseThrow(() -> new StoreException("Prompt profile '" + name + "' has no version " + version
                    + " in " + db.describe() + ". Run 'kensa prompts export' without --version to see the latest."));
        }
    }
}

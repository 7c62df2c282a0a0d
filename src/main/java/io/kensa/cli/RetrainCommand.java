package io.kensa.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kensa.auth.Accounts;
import io.kensa.auth.SignedIn;
import io.kensa.cam.CamException;
import io.kensa.cam.ClassifierHead;
import io.kensa.config.KensaHome;
import io.kensa.config.Settings;
import io.kensa.detect.Backbone;
import io.kensa.inspect.ClassifierRetraining;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.Recipes;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kensa classify retrain}: a candidate classifier head from the inspectors' decisions, measured before and after
 * on a held-out part of the log; {@code --publish} saves it with the recipe as a new version.
 */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Retrain the recipe's defect classifier from the decisions since its last training and print the"
                + " class accuracy before and after on a held-out part of the log. Writes a candidate head; the recipe"
                + " changes only with --publish (a new recipe version).")
final class RetrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--recipe", paramLabel = "R", description = "Recipe name (default: the station's recipe setting, else bottle).")
    String recipe;

    @Option(names = "--since", paramLabel = "ISO", description = "Decisions from this instant on are new, e.g."
            + " 2026-12-01T00:00:00Z (default: the classifier's last training, else the whole log).")
    String since;

    @Option(names = "--holdout", defaultValue = "0.3", description = "Share of each class of the new decisions held out (default: ${DEFAULT-VALUE}).")
    double holdout;

    @Option(names = "--data", paramLabel = "DIR", description = "The original labelled folder, also trained on (default: the"
            + " folder the classifier's last retraining used, if any).")
    Path data;

    @Option(names = "--candidate", paramLabel = "FILE", description = "Where to write the new head (default:"
            + " <data folder>/models/classifier-candidate-<recipe>.json).")
    Path candidate;

    @Option(names = "--publish", description = "Save the new head with the recipe as a new recipe version (QA, signed:"
            + " --user ID).")
    boolean publish;

    @Mixin
    UserOptions user = new UserOptions();

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Mixin
    ClassifyCommand.HeadOptions head = new ClassifyCommand.HeadOptions();

    @Mixin
    StoreOptions store = new StoreOptions();

    @Mixin
    BackboneOptions backboneOptions = new BackboneOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KensaHome home = store.home();
        Recipes recipes = new Recipes(home);
        String name = recipe != null ? recipe : Files.isDirectory(home.root())
                ? Settings.load(home.settingsFile()).get(Settings.RECIPE, Recipes.DEMO) : Recipes.DEMO;
        Recipe r = recipes.load(name);
        Optional<Instant> from = Optional.ofNullable(since).map(RetrainCommand::instant);
        Path file = candidate != null ? candidate : home.models().resolve("classifier-candidate-" + r.name() + ".json");
        if (!store.exists()) {
            throw new IllegalArgumentException("There is no inspection record in " + store.describeSource()
                    + ": run the station first, or point --home or --jdbc-url at the station's record.");
        }
        try (CtrlC ctrlC = new CtrlC("retrain-cancel");
             Backbone backbone = backboneOptions.load();
             Database db = store.openExisting();
             InspectionStore reading = InspectionStore.openForReading(db, store.images())) {
            Accounts accounts = UserOptions.accounts(db, store);
            // signed in before the long retraining, so a wrong password or a missing --user is reported at once
            Optional<SignedIn> publisher = publish ? Optional.of(user.signIn(accounts, "kensa classify retrain --publish"))
                    : Optional.empty();
            ClassifierRetraining retraining = new ClassifierRetraining(reading, backbone);
            Optional<Path> folder = Optional.ofNullable(data).or(() -> previousFolder(r));
            ClassifierRetraining.Result result = retraining.retrain(r,
                    new ClassifierRetraining.Request(from, folder, head.settings(holdout), file),
                    new StderrProgress(err), ctrlC::pressed);
            Optional<Recipe> published = Optional.empty();
            if (publisher.isPresent()) {
                Recipe saved = retraining.publish(r, file, recipes, publisher.get().operator());
                user.sign(accounts, publisher.get(), "published", "classifier of recipe " + saved.name() + " v"
                        + saved.version());
                published = Optional.of(saved);
            }
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(toJson(result, published)));
            } else {
                print(out, result, published);
            }
            return 0;
        } catch (CancellationException e) {
            err.println("kensa: " + e.getMessage() + "; nothing was published.");
            return 1;
        }
    }

    /** The labelled folder the current head's retraining used, when it still exists. */
    private static Optional<Path> previousFolder(Recipe r) {
        return r.classifier().flatMap(c -> {
            try {
                return ClassifierHead.load(c.file()).training();
            } catch (CamException e) {
                return Optional.empty(); // the retraining itself reports the unreadable head
            }
        }).map(ClassifierHead.Training::folder).filter(f -> !f.isBlank()).map(Path::of).filter(Files::isDirectory);
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since '" + text + "' is not an ISO-8601 instant; write it like"
                    + " 2026-12-01T00:00:00Z.");
        }
    }

    static Map<String, Object> toJson(ClassifierRetraining.Result r, Optional<Recipe> published) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("recipe", r.recipe());
        o.put("recipe_version", r.recipeVersion());
        o.put("since", r.since().toString());
        o.put("until", r.until().toString());
        o.put("decisions", r.decisions());
        o.put("images", r.images());
        o.put("train", r.train());
        o.put("heldout", r.heldOut());
        o.put("earlier", r.earlier());
        o.put("folder_images", r.folderImages());
        o.put("skipped_images", r.skippedImages());
        o.put("before_accuracy", r.before().accuracy());
        o.put("after_accuracy", r.after().accuracy());
        o.put("before_macro_f1", r.before().macroF1());
        o.put("after_macro_f1", r.after().macroF1());
        o.put("evaluation", r.after().evaluation());
        o.put("before", ClassifyCommand.toJson(r.before()));
        o.put("after", ClassifyCommand.toJson(r.after()));
        o.put("candidate", r.candidate().toString());
        o.put("published", published.isPresent());
        published.ifPresent(p -> o.put("published_version", p.version()));
        return o;
    }

    private static void print(PrintWriter out, ClassifierRetraining.Result r, Optional<Recipe> published) {
        out.printf(Locale.ROOT, "Recipe %s v%d: %d decisions since %s (%d images; %d trained on, %d held out), %d earlier"
                        + " images and %d folder images also trained on, %d images skipped (file missing)%n",
                r.recipe(), r.recipeVersion(), r.decisions(), r.since(), r.images(), r.train(), r.heldOut(), r.earlier(),
                r.folderImages(), r.skippedImages());
        out.printf(Locale.ROOT, "held-out accuracy  before %.3f  after %.3f%n", r.before().accuracy(), r.after().accuracy());
        out.printf(Locale.ROOT, "held-out macro F1  before %.3f  after %.3f%n", r.before().macroF1(), r.after().macroF1());
        out.println("after, on the held-out part:");
        ClassifyCommand.print(out, r.after());
        out.println("Candidate written to " + r.candidate());
        out.println(published.map(p -> "Published with recipe " + p.name() + " as v" + p.version() + " (" + p.folder() + ")")
                .orElse("Not published: the recipe is unchanged. Run again with --publish to save it as a new version."));
    }
}

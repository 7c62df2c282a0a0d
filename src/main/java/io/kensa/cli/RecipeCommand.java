package io.kensa.cli;

import io.kensa.detect.Backbone;
import io.kensa.detect.DeviceSetting;
import io.kensa.detect.TrainSettings;
import io.kensa.inspect.RecipeTraining;
import io.kensa.inspect.RecipeVersions;
import io.kensa.inspect.Workstation;
import io.kensa.model.Permission;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.RecipeException;
import io.kensa.recipe.RecipeTemplate;
import io.kensa.recipe.RecipeVersion;
import io.kensa.recipe.RecipeWorkspace;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import io.kensa.util.ImageFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kensa recipe …}: the station's recipes, their versions and drafts (the Recipes tab's actions). */
@Command(name = "recipe", mixinStandardHelpOptions = true,
        description = "Recipes: list, create, duplicate, rename; edit or train the draft; show versions and diffs; publish the draft; roll back.",
        subcommands = {RecipeCommand.ListRecipes.class, RecipeCommand.New.class, RecipeCommand.Duplicate.class,
                RecipeCommand.Rename.class, RecipeCommand.Set.class, RecipeCommand.Versions.class, RecipeCommand.Diff.class,
                RecipeCommand.Train.class, RecipeCommand.Publish.class, RecipeCommand.Rollback.class})
public final class RecipeCommand implements Runnable {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Who acts: until accounts exist the command line takes the author's word, as a QA engineer. */
    static final class Author {
        @Option(names = "--author", required = true, paramLabel = "ID", description = "operator id of who does this (stored with the version)")
        String id;

        @Option(names = "--author-name", paramLabel = "NAME", description = "display name (default: the id)")
        String name;

        Operator operator() {
            return new Operator(id, name == null || name.isBlank() ? id : name, Role.QA_ENGINEER);
        }
    }

    /** What every subcommand shares: the data folder and database options, the recipe versions, printing the result. */
    abstract static class Step implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store = new StoreOptions();

        /** Does the step through the same service as the Recipes tab and returns what to print. */
        abstract String run(RecipeVersions versions) throws Exception;

        @Override
        public Integer call() throws Exception {
            String text = run(new RecipeVersions(new RecipeWorkspace(store.home()), Clock.systemUTC()));
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                out.println();
            }
            out.flush();
            return 0;
        }
    }

    static RecipeVersion live(RecipeVersions versions, String recipe) throws RecipeException {
        return versions.history(recipe).stream().filter(RecipeVersion::live).findFirst().orElseThrow();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print every recipe with its live version.")
    static final class ListRecipes extends Step {
        @Override
        String run(RecipeVersions versions) throws Exception {
            StringBuilder lines = new StringBuilder();
            for (String name : versions.names()) {
                lines.append(live(versions, name).label(ZoneId.systemDefault()))
                        .append(versions.hasDraft(name) ? "  [draft]" : "").append(System.lineSeparator());
            }
            return lines.toString();
        }
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Create a recipe as version 1: its source, backbone and good images, the base recipe's prompt profile and gate.")
    static final class New extends Step {
        @Mixin
        Author author = new Author();

        @Parameters(index = "0", paramLabel = "NAME", description = "lower-case letters, digits, _ or -")
        String name;

        @Option(names = "--source", required = true, paramLabel = "SPEC", description = "frame source: gige://ADDRESS, usb:N, folder:DIR, video:FILE")
        String source;

        @Option(names = "--good", required = true, paramLabel = "DIR", description = "folder of good parts to train on")
        Path good;

        @Option(names = "--backbone", defaultValue = "mobilenet_v2_imagenet", paramLabel = "NAME", description = "backbone (default ${DEFAULT-VALUE})")
        String backbone;

        @Option(names = "--title", defaultValue = "", paramLabel = "TEXT", description = "title shown on screen (default: the name)")
        String title;

        @Option(names = "--base", defaultValue = "bottle", paramLabel = "RECIPE", description = "recipe whose prompt profile and gate to start from (default ${DEFAULT-VALUE})")
        String base;

        @Override
        String run(RecipeVersions versions) throws Exception {
            Recipe created = versions.create(author.operator(), new RecipeTemplate(name, title, source, backbone, good, base));
            return "Created " + created.name() + " v1 in " + created.folder() + ". Select it in Settings; the detector is"
                    + " trained from " + created.detector().trainImages() + " on first use.";
        }
    }

    /** FROM and TO of duplicate and rename. */
    abstract static class FromTo extends Step {
        @Mixin
        Author author = new Author();

        @Parameters(index = "0", paramLabel = "FROM")
        String from;

        @Parameters(index = "1", paramLabel = "TO")
        String to;
    }

    @Command(name = "duplicate", mixinStandardHelpOptions = true, description = "Copy a recipe's live version, every file, as version 1 of a new name.")
    static final class Duplicate extends FromTo {
        @Override
        String run(RecipeVersions versions) throws Exception {
            Recipe copy = versions.duplicate(author.operator(), from, to);
            return "Duplicated " + from + " as " + copy.name() + " v1 in " + copy.folder() + ".";
        }
    }

    @Command(name = "rename", mixinStandardHelpOptions = true,
            description = "Rename a station recipe that no inspection names yet (otherwise: duplicate it).")
    static final class Rename extends FromTo {
        @Override
        String run(RecipeVersions versions) throws Exception {
            try (Database db = store.open(); InspectionStore record = InspectionStore.openForReading(db, store.images())) {
                Recipe renamed = versions.rename(author.operator(), from, to, record);
                return "Renamed " + from + " to " + renamed.name() + " (v" + renamed.version() + ", history kept). "
                        + "A station that selected " + from + " in Settings must select " + renamed.name() + ".";
            }
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Edit the recipe's draft, FIELD=VALUE by dotted path (detector.tile=512, gate.bandBelowThreshold=0.1,"
                    + " camera.exposure=8000); an empty VALUE removes the field. The line keeps its version until the draft"
                    + " is published.")
    static final class Set extends Step {
        private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

        @Mixin
        Author author = new Author();

        @Parameters(index = "0", paramLabel = "RECIPE")
        String recipe;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "FIELD=VALUE")
        List<String> edits;

        @Override
        String run(RecipeVersions versions) throws Exception {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (String edit : edits) {
                int at = edit.indexOf('=');
                if (at <= 0) {
                    throw new RecipeException("'" + edit + "' is not FIELD=VALUE (e.g. detector.tile=512); the draft was"
                            + " not changed.");
                }
                fields.put(edit.substring(0, at), value(edit.substring(at + 1)));
            }
            versions.editDraft(author.operator(), recipe, fields, Map.of());
            return "Draft of " + recipe + ": " + versions.diffDraft(recipe).changes().size() + " change(s) against v"
                    + live(versions, recipe).number() + ". See them with: kensa recipe diff " + recipe
                    + "; put them on the line with: kensa recipe publish " + recipe + " --comment TEXT";
        }

        /** JSON as a person types it: a number, true/false, nothing (remove), else text. */
        private static Object value(String text) {
            if (text.isEmpty()) {
                return Optional.empty();
            }
            if (text.equals("true") || text.equals("false")) {
                return Boolean.parseBoolean(text);
            }
            if (NUMBER.matcher(text).matches()) {
                return text.matches("-?\\d+") ? (Object) Long.parseLong(text) : (Object) Double.parseDouble(text);
            }
            return text;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train the recipe's detector on a folder of good images, as the Recipes tab's Train does, and put"
                    + " the model (its threshold inside) into the recipe's draft. Training options not given are the"
                    + " recipe's detector settings. Ctrl-C cancels; the draft is then unchanged.")
    static final class Train extends Step {
        @Mixin
        Author author = new Author();

        @Parameters(index = "0", paramLabel = "RECIPE")
        String recipe;

        @Option(names = "--good", required = true, paramLabel = "DIR", description = "folder of good parts to train on")
        Path good;

        @Mixin
        TrainingOptions training = new TrainingOptions();

        @Option(names = "--device", paramLabel = "DEVICE", description = "auto, cpu or gpu (default: the recipe's detector.device)")
        String device;

        private CtrlC ctrlC;

        /** Ctrl-C is reported inside the hook's lifetime: once the hook lets go, the JVM exits and prints nothing more. */
        @Override
        public Integer call() throws Exception {
            try (CtrlC pressed = new CtrlC("recipe-train-cancel")) {
                ctrlC = pressed;
                try {
                    return super.call();
                } catch (CancellationException e) {
                    spec.commandLine().getErr().println("kensa: Training cancelled; the draft of " + recipe
                            + " is unchanged.");
                    spec.commandLine().getErr().flush();
                    return 1;
                }
            }
        }

        @Override
        String run(RecipeVersions versions) throws Exception {
            Operator qa = author.operator();
            Permission.EDIT_RECIPES.require(qa); // before minutes of training, not after
            Recipe current = versions.current(recipe);
            List<Path> images = goodImages();
            TrainSettings settings = training.settings(current.detector(), spec.commandLine().getParseResult());
            PrintWriter err = spec.commandLine().getErr();
            try (Backbone backbone = Backbone.load(Workstation.descriptorFile(store.home(), current),
                         DeviceSetting.parse(device != null ? device : current.detector().device()))) {
                err.println("Training " + recipe + " on " + images.size() + " good images from " + good + " (backbone "
                        + backbone.descriptor().name() + " on " + backbone.device() + ", input " + settings.inputSize()
                        + " px); Ctrl-C cancels.");
                err.flush();
                RecipeTraining service = new RecipeTraining(backbone, store.home().models(), Clock.systemUTC());
                RecipeTraining.Trained trained = service.train(images, settings, new StderrProgress(err), ctrlC::pressed);
                RecipeTraining.TrainedModel saved = service.save(trained.model(), recipe);
                versions.saveModelToDraft(qa, recipe, saved);
                return String.format(Locale.ROOT, "Trained %s on %d good images in %.1f s: bank of %d patches,"
                                + " threshold %.4f (%s). The model %s is in the draft of %s; the line keeps v%d."
                                + " See the change with: kensa recipe diff %s; put it on the line with: kensa recipe"
                                + " publish %s --comment TEXT",
                        recipe, trained.images(), trained.seconds(), saved.bankRows(),
                        saved.calibration().imageThreshold(), saved.calibration().method(), saved.file().getFileName(),
                        recipe, live(versions, recipe).number(), recipe, recipe);
            }
        }

        private List<Path> goodImages() throws RecipeException {
            List<Path> images;
            try {
                images = ImageFiles.list(good);
            } catch (IOException e) {
                throw new RecipeException("Cannot read the good images in " + good + " (" + e.getMessage() + "). Give"
                        + " --good a folder of " + ImageFiles.FORMATS + " images of good parts.", e);
            }
            if (images.size() < 2) {
                throw new RecipeException(good + " has " + images.size() + " good image(s) (" + ImageFiles.FORMATS
                        + "); training needs at least 2, and 20 or more give a steadier threshold.");
            }
            return images;
        }
    }

    @Command(name = "versions", mixinStandardHelpOptions = true, description = "Print a recipe's version history and whether it has a draft.")
    static final class Versions extends Step {
        @Parameters(index = "0", paramLabel = "RECIPE")
        String recipe;

        @Override
        String run(RecipeVersions versions) throws Exception {
            StringBuilder lines = new StringBuilder();
            for (RecipeVersion v : versions.history(recipe)) {
                lines.append(line(v)).append(System.lineSeparator());
            }
            if (versions.hasDraft(recipe)) {
                lines.append("draft: ").append(versions.diffDraft(recipe).changes().size())
                        .append(" change(s) not published (kensa recipe diff ").append(recipe).append(")");
            }
            return lines.toString();
        }

        static String line(RecipeVersion v) {
            String who = v.publication().map(p -> MINUTE.format(p.at().atZone(ZoneId.systemDefault())) + "  "
                    + p.authorName() + " (" + p.authorId() + ")  " + p.comment()
                    + p.origin().map(o -> "  [" + o + "]").orElse("")).orElse("(saved before versions named their author)");
            return (v.live() ? "* " : "  ") + "v" + v.number() + "  " + who;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Field and file differences: RECIPE alone = draft against live; RECIPE A = vA against live; RECIPE A B = vA against vB.")
    static final class Diff extends Step {
        @Parameters(index = "0", paramLabel = "RECIPE")
        String recipe;

        @Parameters(index = "1..2", arity = "0..2", paramLabel = "VERSION")
        List<Integer> between = List.of();

        @Override
        String run(RecipeVersions versions) throws Exception {
            if (between.isEmpty()) {
                return versions.diffDraft(recipe).toText();
            }
            int to = between.size() > 1 ? between.get(1) : live(versions, recipe).number();
            return versions.diff(recipe, between.get(0), to).toText();
        }
    }

    /** RECIPE and --comment of publish and rollback, with the line a running station needs to hear. */
    abstract static class Publishing extends Step {
        static final String RUNNING = " A running station keeps its version until it reloads the recipe (Settings → Save,"
                + " or a restart).";

        @Mixin
        Author author = new Author();

        @Parameters(index = "0", paramLabel = "RECIPE")
        String recipe;

        @Option(names = "--comment", required = true, paramLabel = "TEXT", description = "why (kept in the history)")
        String comment;
    }

    @Command(name = "publish", mixinStandardHelpOptions = true, description = "Publish the recipe's draft as its next version, live on the line.")
    static final class Publish extends Publishing {
        @Override
        String run(RecipeVersions versions) throws Exception {
            Recipe live = versions.publish(author.operator(), recipe, comment);
            return "Published " + live.name() + " v" + live.version() + "." + RUNNING;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Publish a copy of an older version as the next version.")
    static final class Rollback extends Publishing {
        @Parameters(index = "1", paramLabel = "VERSION")
        int version;

        @Override
        String run(RecipeVersions versions) throws Exception {
            Recipe live = versions.rollback(author.operator(), recipe, version, comment);
            return "Rolled " + live.name() + " back to v" + version + " as v" + live.version() + "." + RUNNING;
        }
    }
}

package io.kensa.ui;

import io.kensa.inspect.RecipeTraining;
import io.kensa.inspect.RecipeVersions;
import io.kensa.model.Operator;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.RecipeTemplate;
import io.kensa.store.InspectionStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Recipes tab's chooser without controls (QA): the station's recipes, the one being worked on (its Versions pane
 * follows it), and New (from a source, a backbone and a good-image folder, starting from the chosen recipe's prompt
 * profile), Duplicate and Rename under {@link #newName}. Rename is refused for a recipe the decision log names.
 * {@link #current} is what the training panes edit (the draft, else the live version); a model they save goes into
 * the draft ({@link #saveModel}) and reaches the line only when the Versions pane publishes it.
 */
public final class RecipesViewModel {
    public static final String DEFAULT_BACKBONE = "mobilenet_v2_imagenet";

    private final RecipeVersions versions;
    private final InspectionStore record;
    private final Supplier<Operator> operator;
    private final RecipeVersionsViewModel versionsPane;
    private final ScreenWork work;

    private final ObservableList<String> names = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Optional<Recipe>> current = new ReadOnlyObjectWrapper<>(Optional.empty());
    private final StringProperty selected = new SimpleStringProperty("");
    private final StringProperty newName = new SimpleStringProperty("");
    private final StringProperty title = new SimpleStringProperty("");
    private final StringProperty source = new SimpleStringProperty("");
    private final StringProperty backbone = new SimpleStringProperty(DEFAULT_BACKBONE);
    private final ObjectProperty<Optional<Path>> goodImages = new SimpleObjectProperty<>(Optional.empty());
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageProblem = new ReadOnlyBooleanWrapper(false);

    /** @param record the decision log, asked before a rename */
    public RecipesViewModel(RecipeVersions versions, InspectionStore record, Supplier<Operator> operator,
                            RecipeVersionsViewModel versionsPane, Executor background, Executor fx) {
        this.versions = versions;
        this.record = record;
        this.operator = operator;
        this.versionsPane = versionsPane;
        this.work = new ScreenWork(background, fx, text -> message(text, true));
        selected.addListener((o, before, name) -> {
            if (name != null && !name.isEmpty()) {
                show(name);
            }
        });
    }

    public ObservableList<String> names() { return FXCollections.unmodifiableObservableList(names); }
    /** The recipe worked on; the Versions pane shows its history. */
    public StringProperty selected() { return selected; }
    public RecipeVersionsViewModel versionsPane() { return versionsPane; }
    /** The selected recipe as its draft has it (the live version when there is no draft). */
    public ReadOnlyObjectProperty<Optional<Recipe>> current() { return current.getReadOnlyProperty(); }
    /** The name a new, duplicated or renamed recipe gets. */
    public StringProperty newName() { return newName; }
    public StringProperty title() { return title; }
    /** The new recipe's frame source ({@code gige://10.0.0.5}, {@code usb:0}, {@code folder:DIR}). */
    public StringProperty source() { return source; }
    public StringProperty backbone() { return backbone; }
    /** The folder of good parts the new recipe's detector is trained on. */
    public ObjectProperty<Optional<Path>> goodImages() { return goodImages; }
    public ReadOnlyBooleanProperty working() { return work.working(); }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty messageProblem() { return messageProblem.getReadOnlyProperty(); }

    /** Lists the recipes again, keeping the selection (or choosing {@code preferred} the first time). */
    public void refresh(String preferred) {
        work.run(versions::names, list -> showNames(list, preferred));
    }

    /** A new recipe as version 1, starting from the selected recipe's prompt profile and gate. */
    public void createNew() {
        String name = newName.get().strip();
        Optional<Path> good = goodImages.get();
        if (good.isEmpty()) {
            message("Choose the folder of good parts the new recipe's detector learns from, then press New again.", true);
            return;
        }
        if (source.get().isBlank()) {
            message("Type the new recipe's camera or source (gige://ADDRESS, usb:0, folder:DIR), then press New again.", true);
            return;
        }
        RecipeTemplate template = new RecipeTemplate(name, title.get(), source.get().strip(), backbone.get().strip(),
                good.get(), selected.get());
        work.run(() -> versions.create(operator.get(), template), created -> done(created, "Created " + created.name()
                + " v1 from " + template.base() + "'s prompt profile. Edit its descriptions in the Prompts tab once "
                + "it is selected in Settings; the detector is trained on first use."));
    }

    /** A copy of the selected recipe's live version as version 1 of the new name. */
    public void duplicate() {
        String from = selected.get();
        String to = newName.get().strip();
        work.run(() -> versions.duplicate(operator.get(), from, to), copy -> done(copy, "Duplicated " + from + " as " + copy.name() + " v1."));
    }

    /** Renames the selected recipe, if no inspection names it yet. */
    public void rename() {
        String from = selected.get();
        String to = newName.get().strip();
        work.run(() -> versions.rename(operator.get(), from, to, record), renamed -> done(renamed, "Renamed " + from + " to "
                + renamed.name() + "; its history came along. Select " + renamed.name() + " in Settings if this "
                + "station ran " + from + "."));
    }

    /** Puts a model the training panes saved into the selected recipe's draft; the line keeps its model until published. */
    public void saveModel(RecipeTraining.TrainedModel model) {
        String name = selected.get();
        work.run(() -> versions.saveModelToDraft(operator.get(), name, model), draft -> {
            message(String.format(Locale.ROOT, "Model %s (threshold %.4f, %d good images) is in the draft of %s. Publish"
                            + " the draft in Versions to put it on the line.", model.file().getFileName(),
                    model.calibration().imageThreshold(), model.images(), name), false);
            current.set(Optional.of(draft));
            versionsPane.show(name);
        });
    }

    private void show(String name) {
        versionsPane.show(name);
        work.read("Cannot read recipe " + name + ": ", () -> versions.current(name), r -> {
            if (name.equals(selected.get())) {
                current.set(Optional.of(r));
            }
        });
    }

    private void done(Recipe recipe, String text) {
        newName.set("");
        message(text, false);
        selected.set(recipe.name());
        refresh(recipe.name());
    }

    private void showNames(List<String> list, String preferred) {
        String keep = list.contains(selected.get()) ? selected.get() : list.contains(preferred) ? preferred
                : list.isEmpty() ? "" : list.get(0);
        names.setAll(list);
        if (keep.equals(selected.get()) && !keep.isEmpty()) {
            show(keep);
        } else {
            selected.set(keep);
        }
    }

    private void message(String text, boolean problem) {
        message.set(text);
        messageProblem.set(problem);
    }
}

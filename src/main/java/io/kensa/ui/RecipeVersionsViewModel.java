package io.kensa.ui;

import io.kensa.inspect.RecipeVersions;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.RecipeDiff;
import io.kensa.recipe.RecipeVersion;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Versions pane without controls (QA): one recipe's history, the diff between two versions or the draft and the
 * live version, "Publish draft" with a comment and "Roll back" to a chosen version (both signed with the password
 * through {@link SignatureViewModel}, and done by {@link RecipeVersions}, which checks the signer may publish). Work runs on {@code background}, properties change
 * on {@code fx}.
 */
public final class RecipeVersionsViewModel {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** One row of the history table. */
    public record Row(int number, String published, String author, String comment, boolean live) {
        static Row of(RecipeVersion v, ZoneId zone) {
            return new Row(v.number(),
                    v.publication().map(p -> MINUTE.format(p.at().atZone(zone))).orElse(""),
                    v.publication().map(p -> p.authorName() + " (" + p.authorId() + ")").orElse("—"),
                    v.publication().map(p -> p.comment() + p.origin().map(o -> " [" + o + "]").orElse(""))
                            .orElse("saved before versions named their author"),
                    v.live());
        }
    }

    private final RecipeVersions versions;
    private final SignatureViewModel signatures;
    private final ZoneId zone;
    private final ScreenWork work;

    private final ReadOnlyStringWrapper recipe = new ReadOnlyStringWrapper("");
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper draft = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper hasDraft = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper diff = new ReadOnlyStringWrapper("");
    private final StringProperty comment = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageProblem = new ReadOnlyBooleanWrapper(false);

    public RecipeVersionsViewModel(RecipeVersions versions, SignatureViewModel signatures, ZoneId zone,
                                   Executor background, Executor fx) {
        this.versions = versions;
        this.signatures = signatures;
        this.zone = zone;
        this.work = new ScreenWork(background, fx, text -> message(text, true));
    }

    public ReadOnlyStringProperty recipe() { return recipe.getReadOnlyProperty(); }
    /** The history, oldest first. */
    public ObservableList<Row> rows() { return FXCollections.unmodifiableObservableList(rows); }
    /** One line on the draft: how many changes it holds, or that there is none. */
    public ReadOnlyStringProperty draft() { return draft.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty hasDraft() { return hasDraft.getReadOnlyProperty(); }
    /** The last diff asked for, one change a line. */
    public ReadOnlyStringProperty diff() { return diff.getReadOnlyProperty(); }
    /** Why: stored with the version published or rolled back to. */
    public StringProperty comment() { return comment; }
    public ReadOnlyBooleanProperty working() { return work.working(); }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty messageProblem() { return messageProblem.getReadOnlyProperty(); }

    /** Shows this recipe's history and draft (again). */
    public void show(String name) {
        recipe.set(name);
        diff.set("");
        message("", false);
        refresh();
    }

    public void refresh() {
        String name = recipe.get();
        if (name.isEmpty()) {
            return;
        }
        work.run(() -> new Loaded(versions.history(name), versions.hasDraft(name) ? Optional.of(versions.diffDraft(name))
                : Optional.empty()), loaded -> showLoaded(name, loaded));
    }

    /** The draft against the live version. */
    public void diffDraft() {
        String name = recipe.get();
        work.run(() -> versions.diffDraft(name), d -> diff.set(d.toText()));
    }

    /** Version {@code from} against {@code to} (the older first reads best). */
    public void diff(int from, int to) {
        String name = recipe.get();
        work.run(() -> versions.diff(name, Math.min(from, to), Math.max(from, to)), d -> diff.set(d.toText()));
    }

    /** Publishes the draft with the comment as the next version. */
    public void publish() {
        String name = recipe.get();
        String why = comment.get();
        signatures.ask("published", "publish the draft of recipe " + name + " as its next version",
                signer -> versions.publish(signer, name, why), RecipeVersionsViewModel::signed, live -> {
            comment.set("");
            message("Published " + live.name() + " v" + live.version() + ". A running station keeps its version until "
                    + "it is restarted; new inspections then name v" + live.version() + ".", false);
            refresh();
        }, problem -> message(problem, true));
    }

    /** Publishes a copy of version {@code number} as the next version, with the comment. */
    public void rollback(int number) {
        String name = recipe.get();
        String why = comment.get();
        signatures.ask("published (rollback)", "roll recipe " + name + " back to v" + number + " as its next version",
                signer -> versions.rollback(signer, name, number, why), RecipeVersionsViewModel::signed, live -> {
            comment.set("");
            message("Rolled " + live.name() + " back to v" + number + " as v" + live.version() + ". A running station "
                    + "keeps its version until it is restarted.", false);
            refresh();
        }, problem -> message(problem, true));
    }

    /** What a publication's signature names. */
    private static String signed(Recipe live) {
        return "recipe " + live.name() + " v" + live.version();
    }

    private record Loaded(List<RecipeVersion> history, Optional<RecipeDiff> draft) {}

    private void showLoaded(String name, Loaded loaded) {
        if (!name.equals(recipe.get())) {
            return; // another recipe was chosen meanwhile
        }
        rows.setAll(loaded.history().stream().map(v -> Row.of(v, zone)).toList());
        hasDraft.set(loaded.draft().isPresent());
        draft.set(loaded.draft().map(d -> d.isEmpty() ? "Draft: the same as the live version"
                        : "Draft: " + d.changes().size() + (d.changes().size() == 1 ? " change" : " changes")
                        + " not published")
                .orElse("No draft: nothing waits to be published"));
    }

    private void message(String text, boolean problem) {
        message.set(text);
        messageProblem.set(problem);
    }
}

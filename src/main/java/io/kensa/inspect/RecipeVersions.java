package io.kensa.inspect;

import io.kensa.llm.ProfileException;
import io.kensa.llm.PromptProfiles;
import io.kensa.model.Operator;
import io.kensa.model.Permission;
import io.kensa.recipe.Publication;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.RecipeDiff;
import io.kensa.recipe.RecipeException;
import io.kensa.recipe.RecipeTemplate;
import io.kensa.recipe.RecipeVersion;
import io.kensa.recipe.RecipeWorkspace;
import io.kensa.store.InspectionStore;
import io.kensa.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recipe workspace as QA uses it: every change goes to a recipe's draft, and only an explicit publication (by an
 * operator allowed to publish, with a comment) makes it the next version the line runs. Each action checks the
 * operator's permission itself. Reading (names, history, diffs) needs no permission.
 */
public final class RecipeVersions {
    private final RecipeWorkspace workspace;
    private final Clock clock;

    public RecipeVersions(RecipeWorkspace workspace, Clock clock) {
        this.workspace = workspace;
        this.clock = clock;
    }

    public List<String> names() {
        return workspace.names();
    }

    public List<RecipeVersion> history(String recipe) throws RecipeException {
        return workspace.history(recipe);
    }

    public RecipeDiff diff(String recipe, int from, int to) throws RecipeException {
        return workspace.diff(recipe, from, to);
    }

    public RecipeDiff diffDraft(String recipe) throws RecipeException {
        return workspace.diffDraft(recipe);
    }

    public boolean hasDraft(String recipe) {
        return workspace.hasDraft(recipe);
    }

    /** What the workspace's panes edit: the draft when there is one, else the live version (no draft is started). */
    public Recipe current(String recipe) throws RecipeException {
        return workspace.hasDraft(recipe) ? workspace.draft(recipe) : workspace.live(recipe);
    }

    /** The draft to edit (started from the live version when there is none). */
    public Recipe draft(Operator operator, String recipe) throws RecipeException {
        Permission.EDIT_RECIPES.require(operator);
        return workspace.draft(recipe);
    }

    /** See {@link RecipeWorkspace#editDraft}: fields by dotted path, files by name. */
    public Recipe editDraft(Operator operator, String recipe, Map<String, ?> fields, Map<String, byte[]> files)
            throws RecipeException {
        Permission.EDIT_RECIPES.require(operator);
        return workspace.editDraft(recipe, fields, files);
    }

    /**
     * Puts a trained detector model (its threshold inside) into the draft: the file copied into the draft folder and
     * {@code detector.model} naming it. The line keeps its model until the draft is published.
     */
    public Recipe saveModelToDraft(Operator operator, String recipe, RecipeTraining.TrainedModel model)
            throws RecipeException {
        return putFileInDraft(operator, recipe, "detector.model", model.file().getFileName().toString(), model.file());
    }

    /** Puts the camera settings (the recipe's {@code camera} map, replaced whole) into the draft. */
    public Recipe saveCameraToDraft(Operator operator, String recipe, Map<String, String> camera) throws RecipeException {
        return editDraft(operator, recipe, Map.of("camera", camera), Map.of());
    }

    /** Puts a classifier head into the draft as {@code name}, with {@code classifier.file} naming it. */
    public Recipe saveClassifierToDraft(Operator operator, String recipe, String name, Path head) throws RecipeException {
        return putFileInDraft(operator, recipe, "classifier.file", name, head);
    }

    private Recipe putFileInDraft(Operator operator, String recipe, String field, String name, Path file)
            throws RecipeException {
        Permission.EDIT_RECIPES.require(operator);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RecipeException("Cannot read " + file + " to put it into the draft of " + recipe + " ("
                    + e.getMessage() + "). Make it again; the draft was not changed.", e);
        }
        return workspace.editDraft(recipe, Map.of(field, name), Map.of(name, bytes));
    }

    public void discardDraft(Operator operator, String recipe) throws RecipeException {
        Permission.EDIT_RECIPES.require(operator);
        workspace.discardDraft(recipe);
    }

    /**
     * Publishes the draft as the next version. Besides the workspace's checks (a draft that differs, whose files are
     * there), its prompt profile must be usable, so the line never gets a version the explainer refuses.
     */
    public Recipe publish(Operator operator, String recipe, String comment) throws RecipeException {
        Permission.PUBLISH.require(operator);
        requireComment(comment, "publishing " + recipe);
        if (workspace.hasDraft(recipe)) { // without one the workspace says there is nothing to publish
            try {
                PromptProfiles.read(workspace.draft(recipe).promptProfile());
            } catch (ProfileException e) {
                throw new RecipeException("The draft of " + recipe + " was not published: its prompt profile is not "
                        + "usable (" + e.getMessage() + "). Fix it in the Prompts tab, then publish again.", e);
            }
        }
        return workspace.publish(recipe, publication(operator, comment));
    }

    /** Publishes a copy of an older version as the next one; the history keeps every version in between. */
    public Recipe rollback(Operator operator, String recipe, int version, String comment) throws RecipeException {
        Permission.PUBLISH.require(operator);
        requireComment(comment, "rolling " + recipe + " back to v" + version);
        return workspace.rollback(recipe, version, publication(operator, comment));
    }

    public Recipe create(Operator operator, RecipeTemplate template) throws RecipeException {
        Permission.PUBLISH.require(operator);
        return workspace.create(template, publication(operator, "new recipe"));
    }

    public Recipe duplicate(Operator operator, String from, String to) throws RecipeException {
        Permission.PUBLISH.require(operator);
        return workspace.duplicate(from, to, publication(operator, "duplicated from " + from));
    }

    /**
     * Renames a recipe no inspection names yet. Once the record names a recipe, its name stays (every stored
     * inspection, the review's filters and reports name it): duplicate it under the new name instead.
     */
    public Recipe rename(Operator operator, String from, String to, InspectionStore record) throws RecipeException {
        Permission.PUBLISH.require(operator);
        long inspections;
        try {
            inspections = record.countInspections(from);
        } catch (StoreException e) {
            throw new RecipeException("Cannot check the decision log before renaming " + from + " (" + e.getMessage()
                    + "); the recipe keeps its name.", e);
        }
        if (inspections > 0) {
            throw new RecipeException("Recipe " + from + " is named by " + inspections + " inspection"
                    + (inspections == 1 ? "" : "s") + " in the decision log, so it keeps its name (the record must "
                    + "still find it). Duplicate it as " + to + " instead, and select the copy in Settings.");
        }
        return workspace.rename(from, to);
    }

    private static void requireComment(String comment, String what) throws RecipeException {
        if (comment == null || comment.isBlank()) {
            throw new RecipeException("Say why in a comment before " + what + ": the line's history keeps it with the "
                    + "version. Nothing was published.");
        }
    }

    private Publication publication(Operator operator, String comment) {
        return new Publication(operator.id(), operator.name(), clock.instant(), comment, Optional.empty());
    }
}

package io.kensa.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.config.KensaHome;
import io.kensa.config.ShippedResources;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.RecipeWorkspace;
import io.kensa.util.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeCommandTest {
    @TempDir
    Path home;

    private CliRun recipe(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "recipe";
        all[1] = args[0];
        all[2] = "--home=" + home;
        System.arraycopy(args, 1, all, 3, args.length - 1);
        return CliRun.kensa(all);
    }

    @Test
    void aDraftIsDiffedPublishedAndRolledBackFromTheCommandLine() throws Exception {
        assertTrue(recipe("list").out().startsWith("bottle v1"), recipe("list").out());
        CliRun set = recipe("set", "bottle", "detector.tile=512", "camera.exposure=8000", "--author=q.ueda");
        assertEquals(0, set.code(), set.err());
        assertTrue(set.out().startsWith("Draft of bottle: 2 change(s) against v1."), set.out());
        assertEquals(java.util.Optional.empty(), new io.kensa.recipe.Recipes(new KensaHome(home)).load("bottle").camera()
                .keySet().stream().findAny(), "the line's recipe is unchanged");
        CliRun unset = recipe("set", "bottle", "camera.exposure=", "--author=q.ueda");
        assertTrue(unset.out().startsWith("Draft of bottle: 1 change(s)"), unset.out()); // camera {} again, as live
        CliRun bad = recipe("set", "bottle", "tile", "--author=q.ueda");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("'tile' is not FIELD=VALUE"), bad.err());
        assertEquals(512, new RecipeWorkspace(new KensaHome(home)).draft("bottle").detector().tile());

        CliRun draft = recipe("diff", "bottle");
        assertEquals(0, draft.code(), draft.err());
        assertTrue(draft.out().contains("bottle v1 (live) → draft") && draft.out().contains("detector.tile  0 → 512"), draft.out());
        assertTrue(recipe("versions", "bottle").out().contains("draft: 1 change(s) not published"));

        CliRun published = recipe("publish", "bottle", "--author=q.ueda", "--author-name=Quinn Ueda", "--comment=tiles for small chips");
        assertEquals(0, published.code(), published.err());
        assertTrue(published.out().startsWith("Published bottle v2."), published.out());
        assertTrue(recipe("diff", "bottle", "1", "2").out().contains("detector.tile  0 → 512"));

        CliRun back = recipe("rollback", "bottle", "1", "--author=q.ueda", "--comment=too slow");
        assertEquals(0, back.code(), back.err());
        assertTrue(back.out().startsWith("Rolled bottle back to v1 as v3."), back.out());
        String history = recipe("versions", "bottle").out();
        assertTrue(history.contains("  v2  ") && history.contains("Quinn Ueda (q.ueda)  tiles for small chips"), history);
        assertTrue(history.contains("* v3  ") && history.contains("too slow  [rollback to v1]"), history);
        assertTrue(recipe("diff", "bottle", "1").out().contains("no differences"), "v1 against the live v3");

        CliRun nothing = recipe("publish", "bottle", "--author=q.ueda", "--comment=again");
        assertEquals(1, nothing.code());
        assertTrue(nothing.err().startsWith("kensa: Recipe bottle has no draft to publish"), nothing.err());
    }

    @Test
    void recipesAreCreatedDuplicatedAndRenamed() {
        Path good = ShippedResources.resolve("demo/bottle/train/good");
        CliRun created = recipe("new", "caps", "--author=q.ueda", "--source=usb:0", "--good=" + good, "--title=Caps");
        assertEquals(0, created.code(), created.err());
        assertTrue(created.out().startsWith("Created caps v1"), created.out());

        assertEquals(0, recipe("duplicate", "caps", "caps-line3", "--author=q.ueda").code());
        CliRun renamed = recipe("rename", "caps-line3", "caps-line4", "--author=q.ueda");
        assertEquals(0, renamed.code(), renamed.err());

        String list = recipe("list").out();
        assertTrue(list.contains("caps v1 (published by q.ueda ") && list.contains("caps-line4 v1") && !list.contains("caps-line3"), list);
        CliRun badName = recipe("duplicate", "caps", "Caps 2", "--author=q.ueda");
        assertEquals(1, badName.code());
        assertTrue(badName.err().contains("cannot name a recipe"), badName.err());
    }

    @Test
    void recipeTrainPutsTheModelIntoTheDraftAndTheLineKeepsItsVersion(@TempDir Path good) throws Exception {
        for (Path image : ImageFiles.list(ShippedResources.demoBottle().resolve("train/good")).subList(0, 10)) {
            Files.copy(image, good.resolve(image.getFileName()));
        }
        RecipeWorkspace workspace = new RecipeWorkspace(new KensaHome(home));
        java.util.Optional<Path> liveModel = workspace.live("bottle").detector().model();

        CliRun trained = recipe("train", "bottle", "--good=" + good, "--author=q.ueda", "--input-size=128", "--device=cpu");
        assertEquals(0, trained.code(), trained.err());
        assertTrue(trained.out().startsWith("Trained bottle on 10 good images in "), trained.out());
        assertTrue(trained.out().contains("kensa recipe diff bottle") && trained.out().contains("kensa recipe publish bottle"),
                trained.out());
        assertTrue(trained.err().contains("Training bottle on 10 good images") && trained.err().contains("[100%]"),
                "progress on stderr: " + trained.err());

        Recipe draft = workspace.draft("bottle");
        Path model = draft.detector().model().orElseThrow();
        assertTrue(Files.isRegularFile(model) && model.startsWith(draft.folder()), model + " in " + draft.folder());
        assertTrue(trained.out().contains(model.getFileName().toString()), trained.out());
        assertEquals(liveModel, workspace.live("bottle").detector().model(), "the line keeps its model until publish");
        assertTrue(recipe("diff", "bottle").out().contains("detector.model"), recipe("diff", "bottle").out());
    }

    @Test
    void recipeTrainRefusesAFolderWithoutImagesBeforeLoadingAnything(@TempDir Path empty) {
        CliRun run = recipe("train", "bottle", "--good=" + empty, "--author=q.ueda");
        assertEquals(1, run.code());
        assertTrue(run.err().contains(empty + " has 0 good image(s)") && run.err().contains("at least 2"), run.err());
        assertFalse(new RecipeWorkspace(new KensaHome(home)).hasDraft("bottle"), "no draft was started");
    }
}

package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.config.KensaHome;
import io.kensa.inspect.RecipeVersions;
import io.kensa.model.Operator;
import io.kensa.store.AccountStore;
import io.kensa.model.Role;
import io.kensa.recipe.RecipeWorkspace;
import io.kensa.recipe.Recipes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Versions pane's commands on a real data folder, with the shipped demo recipe; executors run in place. */
class RecipeVersionsViewModelTest {
    static final Operator QA = new Operator("q.ueda", "Quinn Ueda", Role.QA_ENGINEER);
    static final Instant NOW = Instant.parse("2026-12-07T14:02:00Z");

    @TempDir
    Path folder;
    private KensaHome home;
    private RecipeWorkspace workspace;

    @BeforeEach
    void home() {
        home = new KensaHome(folder);
        workspace = new RecipeWorkspace(home);
    }

    private TestSignatures signatures;

    @AfterEach
    void closeAccounts() {
        signatures.close();
    }

    /** The pane with {@code operator} signed in; their publications are signed with {@link TestSignatures#PASSWORD}. */
    private RecipeVersionsViewModel pane(Operator operator) throws Exception {
        if (signatures != null) {
            signatures.close();
        }
        signatures = TestSignatures.signedIn(operator);
        RecipeVersions versions = new RecipeVersions(workspace, Clock.fixed(NOW, ZoneOffset.UTC));
        RecipeVersionsViewModel vm = new RecipeVersionsViewModel(versions, signatures.vm, ZoneOffset.UTC, Runnable::run,
                Runnable::run);
        vm.show(Recipes.DEMO);
        return vm;
    }

    private void sign() {
        assertTrue(signatures.vm.asking().get(), "publishing asks for the password again");
        signatures.sign(TestSignatures.PASSWORD);
    }

    @Test
    void theDraftIsDiffedThenPublishedWithTheCommentAndTheHistoryShowsIt() throws Exception {
        workspace.editDraft(Recipes.DEMO, Map.of("detector.falseAlarmRate", 0.02), Map.of());
        RecipeVersionsViewModel vm = pane(QA);
        assertEquals("Draft: 1 change not published", vm.draft().get());
        assertTrue(vm.hasDraft().get());

        vm.diffDraft();
        assertTrue(vm.diff().get().contains("detector.falseAlarmRate  0.05 → 0.02"), vm.diff().get());

        vm.comment().set("fewer false alarms on line 3");
        vm.publish();
        assertTrue(vm.draft().get().startsWith("Draft: 1 change"), "nothing is published before the signature");
        signatures.sign("not my password");
        assertTrue(signatures.vm.asking().get(), "a wrong password keeps the question open");
        assertTrue(signatures.vm.message().get().startsWith("Wrong password for 'q.ueda'"), signatures.vm.message().get());
        assertTrue(vm.draft().get().startsWith("Draft: 1 change"), "and publishes nothing");
        sign();
        assertFalse(signatures.vm.asking().get());

        assertFalse(vm.messageProblem().get(), vm.message().get());
        assertTrue(vm.message().get().startsWith("Published bottle v2."), vm.message().get());
        assertEquals("", vm.comment().get(), "the comment went with the version");
        assertEquals(List.of(
                new RecipeVersionsViewModel.Row(1, "", "—", "saved before versions named their author", false),
                new RecipeVersionsViewModel.Row(2, "2026-12-07 14:02", "Quinn Ueda (q.ueda)", "fewer false alarms on line 3", true)),
                vm.rows());
        assertEquals("No draft: nothing waits to be published", vm.draft().get());
        assertFalse(vm.working().get());
        AccountStore.SignatureRow signature = signatures.recorded().get(0);
        assertEquals(List.of("q.ueda", "published", "recipe bottle v2"), List.of(signature.signer().id(),
                signature.meaning(), signature.subject()));
    }

    @Test
    void cancellingTheSignaturePublishesNothing() throws Exception {
        workspace.editDraft(Recipes.DEMO, Map.of("detector.falseAlarmRate", 0.02), Map.of());
        RecipeVersionsViewModel vm = pane(QA);
        vm.comment().set("fewer false alarms");
        vm.publish();
        signatures.vm.cancel();
        assertFalse(signatures.vm.asking().get());
        assertEquals("Not signed: nothing was done.", vm.message().get());
        assertEquals(1, vm.rows().size());
        assertEquals(List.of(), signatures.recorded());
    }

    @Test
    void aRollbackPublishesTheOldVersionAgainAndTheDiffBetweenTwoVersionsIsShown() throws Exception {
        workspace.editDraft(Recipes.DEMO, Map.of("detector.tile", 512), Map.of());
        RecipeVersionsViewModel vm = pane(QA);
        vm.comment().set("tiles");
        vm.publish();
        sign();

        vm.diff(2, 1);
        assertTrue(vm.diff().get().startsWith("bottle v1 → v2") && vm.diff().get().contains("detector.tile  0 → 512"),
                vm.diff().get());

        vm.rollback(1);
        sign();
        assertTrue(vm.messageProblem().get(), "a rollback needs a comment too");
        assertTrue(vm.message().get().startsWith("Say why in a comment"), vm.message().get());

        vm.comment().set("tiling too slow at 30 fps");
        vm.rollback(1);
        sign();
        assertTrue(vm.message().get().startsWith("Rolled bottle back to v1 as v3."), vm.message().get());
        assertEquals(3, vm.rows().size());
        assertEquals("tiling too slow at 30 fps [rollback to v1]", vm.rows().get(2).comment());
        assertTrue(vm.rows().get(2).live());
        assertEquals(0, new Recipes(home).load(Recipes.DEMO).detector().tile());
    }

    @Test
    void refusalsAreShownAsMessagesAndNothingIsPublished() throws Exception {
        RecipeVersionsViewModel vm = pane(QA);
        vm.comment().set("nothing changed");
        vm.publish();
        sign();
        assertTrue(vm.messageProblem().get());
        assertTrue(vm.message().get().contains("has no draft to publish"), vm.message().get());

        RecipeVersionsViewModel inspector = pane(new Operator("a.sato", "Aiko Sato", Role.INSPECTOR));
        inspector.comment().set("try");
        inspector.rollback(1);
        sign(); // the password is right, but the service refuses the role: nothing is published, nothing signed
        assertTrue(inspector.message().get().contains("may not publish versions to the line"), inspector.message().get());
        assertEquals(1, vm.rows().size());
        assertEquals(List.of(), signatures.recorded());
    }
}

package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.auth.AccountRules;
import io.kensa.auth.Accounts;
import io.kensa.auth.IdleLock;
import io.kensa.auth.SettableClock;
import io.kensa.model.Role;
import io.kensa.store.AccountStore;
import io.kensa.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in, first run, lockout, switch and idle lock on a real account store, without a screen. */
class SignInViewModelTest {
    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T06:00:00Z"));
    private Database database;
    private Accounts accounts;
    private SignInViewModel vm;

    @BeforeEach
    void open() throws Exception {
        database = Database.openFile(dir.resolve("db"));
        accounts = new Accounts(new AccountStore(database, dir), new AccountRules(2, Duration.ofMinutes(15),
                Duration.ofMinutes(10)), clock);
        vm = new SignInViewModel(accounts, new IdleLock(Duration.ofMinutes(10), clock), Runnable::run, Runnable::run);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void firstSupervisor() {
        vm.start();
        vm.login().set("admin");
        vm.name().set("Mei Tanaka");
        vm.password().set("Lighthouse-42");
        vm.confirm().set("Lighthouse-42");
        vm.submit();
    }

    @Test
    void theFirstRunCreatesTheFirstSupervisorAndUncoversTheWindow() {
        vm.start();
        assertTrue(vm.firstRun().get());
        assertEquals("Create the first supervisor", vm.heading().get());
        assertTrue(vm.locked().get());
        vm.login().set("admin");
        vm.name().set("Mei Tanaka");
        vm.password().set("Lighthouse-42");
        vm.confirm().set("Lighthouse-24");
        vm.submit();
        assertEquals("The two passwords differ: type the password twice the same way.", vm.message().get());
        assertTrue(vm.locked().get());
        firstSupervisor();
        assertFalse(vm.locked().get());
        assertEquals(Role.SUPERVISOR, vm.operator().orElseThrow().role());
        assertEquals("", vm.password().get(), "the password does not stay in the form");
    }

    @Test
    void aWrongPasswordSaysWhyAndTheLockoutSaysUntilWhen() {
        firstSupervisor();
        vm.lock("Switch operator.");
        vm.start();
        assertFalse(vm.firstRun().get());
        vm.login().set("admin");
        vm.password().set("wrong pass 1");
        vm.submit();
        assertEquals("Wrong password for 'admin': 1 attempt left before the account locks for 15 minutes.",
                vm.message().get());
        vm.password().set("wrong pass 2");
        vm.submit();
        assertTrue(vm.message().get().contains("is locked after 2 failed sign-ins until 06:15 (15 min)"), vm.message().get());
        vm.password().set("Lighthouse-42");
        vm.submit();
        assertTrue(vm.locked().get(), "locked out even with the right password");
        assertTrue(vm.operator().isEmpty());
    }

    @Test
    void switchingOperatorSignsOutAndTheNextPersonSignsIn() throws Exception {
        firstSupervisor();
        accounts.create(vm.session().get(), "i.ito", "Ichiro Ito", Role.INSPECTOR, "correct horse 7".toCharArray());
        vm.lock("Switch operator.");
        assertTrue(vm.locked().get());
        assertNull(vm.session().get(), "nobody is signed in while the screen is covered");
        assertEquals("Switch operator. Mei Tanaka is signed out.", vm.message().get());
        vm.login().set("i.ito");
        vm.password().set("correct horse 7");
        vm.submit();
        assertFalse(vm.locked().get());
        assertEquals("i.ito", vm.operator().orElseThrow().id());
    }

    @Test
    void theAutomaticSignInWaitsForTheLookAtTheAccountsInsteadOfBeingDropped() throws Exception {
        firstSupervisor();
        Queue<Runnable> background = new ArrayDeque<>();
        SignInViewModel kiosk = new SignInViewModel(accounts, new IdleLock(Duration.ofMinutes(10), clock), background::add,
                Runnable::run);
        kiosk.start(); // the account check is still running when the kiosk's sign-in arrives
        kiosk.signInAs("admin", "Lighthouse-42");
        assertTrue(kiosk.locked().get());
        while (!background.isEmpty()) {
            background.poll().run();
        }
        assertFalse(kiosk.locked().get(), kiosk.message().get());
        assertEquals("admin", kiosk.operator().orElseThrow().id());
        assertEquals("", kiosk.password().get());
    }

    @Test
    void anAutomaticSignInOnAStationWithoutAccountsLeavesTheFirstRunFormToAPerson() {
        Queue<Runnable> background = new ArrayDeque<>();
        SignInViewModel kiosk = new SignInViewModel(accounts, new IdleLock(Duration.ofMinutes(10), clock), background::add, Runnable::run);
        kiosk.start();
        kiosk.signInAs("admin", "Lighthouse-42");
        while (!background.isEmpty()) {
            background.poll().run();
        }
        assertTrue(kiosk.locked().get());
        assertTrue(kiosk.firstRun().get());
        assertEquals("", kiosk.password().get(), "the password does not wait in the form");
    }

    @Test
    void theStationLocksItselfAfterTheIdleMinutes() {
        firstSupervisor();
        clock.advance(Duration.ofMinutes(9));
        vm.checkIdle();
        assertFalse(vm.locked().get());
        vm.activity();
        clock.advance(Duration.ofMinutes(9));
        vm.checkIdle();
        assertFalse(vm.locked().get(), "activity puts the lock off");
        clock.advance(Duration.ofMinutes(1));
        vm.checkIdle();
        assertTrue(vm.locked().get());
        assertTrue(vm.operator().isEmpty());
        assertEquals("Locked after 10 idle minutes. Mei Tanaka is signed out.", vm.message().get());
    }
}

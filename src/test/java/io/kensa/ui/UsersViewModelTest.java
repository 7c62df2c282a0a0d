package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.auth.AccountRules;
import io.kensa.auth.Accounts;
import io.kensa.auth.SignedIn;
import io.kensa.model.Role;
import io.kensa.store.AccountStore;
import io.kensa.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Users tab without a screen, on a real account store: a supervisor manages accounts, nobody else may. */
class UsersViewModelTest {
    private static final String PASSWORD = "Lighthouse-42";

    @TempDir
    Path dir;
    private Database database;
    private Accounts accounts;
    private final AtomicReference<SignedIn> session = new AtomicReference<>();
    private UsersViewModel vm;

    @BeforeEach
    void open() throws Exception {
        database = Database.openFile(dir.resolve("db"));
        accounts = new Accounts(new AccountStore(database, dir), AccountRules.defaults(), Clock.systemUTC());
        session.set(accounts.createFirstSupervisor("admin", "Mei Tanaka", PASSWORD.toCharArray()));
        vm = new UsersViewModel(accounts, session::get, Runnable::run, Runnable::run);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private List<String> lines() {
        return vm.users().stream().map(UsersViewModel::describe).toList();
    }

    @Test
    void aSupervisorCreatesChangesAndDisablesAnAccount() {
        vm.newLogin().set("a.sato");
        vm.newName().set("Aiko Sato");
        vm.newRole().set(Role.INSPECTOR);
        vm.password().set("correct horse 7");
        vm.create();
        assertEquals("Created a.sato.", vm.message().get());
        assertEquals("", vm.password().get(), "the password does not stay in the form");
        assertEquals(List.of("a.sato — Aiko Sato — inspector — active", "admin — Mei Tanaka — supervisor — active"), lines());

        vm.selected().set(vm.users().get(0));
        vm.role().set(Role.QA_ENGINEER);
        vm.changeRole();
        assertEquals("Changed the role of a.sato.", vm.message().get());
        vm.selected().set(vm.users().get(0));
        vm.disable();
        assertEquals("a.sato — Aiko Sato — qa_engineer — disabled", lines().get(0));
    }

    @Test
    void refusalsAreMessagesNotExceptions() throws Exception {
        vm.newLogin().set("b.weak");
        vm.newName().set("Bo Weak");
        vm.newRole().set(Role.INSPECTOR);
        vm.password().set("short");
        vm.create();
        assertTrue(vm.message().get().startsWith("The password has 5 characters: use at least 10."), vm.message().get());

        vm.disable();
        assertEquals("Choose an account in the list first.", vm.message().get());
        vm.refresh();
        vm.selected().set(vm.users().get(0));
        vm.disable();
        assertTrue(vm.message().get().contains("is the last active supervisor"), vm.message().get());

        accounts.create(session.get(), "a.sato", "Aiko Sato", Role.INSPECTOR, "correct horse 7".toCharArray());
        session.set(accounts.signIn("a.sato", "correct horse 7".toCharArray()));
        vm.refresh();
        assertEquals("Aiko Sato (a.sato, inspector) may not manage accounts: only supervisor may. Ask one to sign in.",
                vm.message().get());
    }
}

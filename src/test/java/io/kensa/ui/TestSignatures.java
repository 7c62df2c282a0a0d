package io.kensa.ui;

import io.kensa.auth.AccountRules;
import io.kensa.auth.Accounts;
import io.kensa.auth.SignedIn;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.store.AccountStore;
import io.kensa.store.Database;
import io.kensa.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A real account store (H2 in a temp folder) with {@code who} signed in, and the signature view-model on it, for the
 * screens whose acts are signed. {@link #sign} answers the password question the way a person does.
 */
final class TestSignatures implements AutoCloseable {
    static final String PASSWORD = "Lighthouse-42";

    private final Path folder;
    private final Database database;
    final SignatureViewModel vm;

    private TestSignatures(Path folder, Database database, SignatureViewModel vm) {
        this.folder = folder;
        this.database = database;
        this.vm = vm;
    }

    /** {@code who} has an account (created by a first supervisor) and is signed in. */
    static TestSignatures signedIn(Operator who, Executor background, Executor fx) throws Exception {
        Path folder = Files.createTempDirectory("kensa-signatures");
        Database database = Database.openFile(folder.resolve("db"));
        Accounts accounts = new Accounts(new AccountStore(database, folder), AccountRules.defaults(), Clock.systemUTC());
        SignedIn admin = accounts.createFirstSupervisor("admin", "Mei Tanaka", PASSWORD.toCharArray());
        SignedIn session = admin;
        if (!who.id().equals("admin")) {
            accounts.create(admin, who.id(), who.name(), who.role(), PASSWORD.toCharArray());
            session = accounts.signIn(who.id(), PASSWORD.toCharArray());
        }
        SignedIn now = session;
        return new TestSignatures(folder, database, new SignatureViewModel(accounts, () -> now, background, fx));
    }

    static TestSignatures signedIn(Operator who) throws Exception {
        return signedIn(who, Runnable::run, Runnable::run);
    }

    static Operator qa() {
        return RecipeVersionsViewModelTest.QA;
    }

    /** Types the password into the signature question and presses Sign. */
    void sign(String password) {
        vm.password().set(password);
        vm.sign();
    }

    /** Every signature recorded, oldest first. */
    List<AccountStore.SignatureRow> recorded() throws StoreException {
        return new AccountStore(database, folder).signatures();
    }

    @Override
    public void close() {
        database.close();
    }
}

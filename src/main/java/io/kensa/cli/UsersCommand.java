package io.kensa.cli;

import io.kensa.auth.AccountException;
import io.kensa.auth.Accounts;
import io.kensa.auth.SignedIn;
import io.kensa.model.Role;
import io.kensa.store.Database;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kensa users}: the station's accounts. A supervisor signs in with {@code --user}; on a new station
 * {@code kensa users add ID --name NAME --admin} creates the first supervisor without one.
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = "Station accounts: add, list, disable, enable, change a role, set a password (supervisors;"
                + " every change is an audit event).",
        subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class, UsersCommand.Disable.class,
                UsersCommand.Enable.class, UsersCommand.ChangeRole.class, UsersCommand.Passwd.class})
public final class UsersCommand implements Runnable {
    static final String NEW_PASSWORD_ENV = "KENSA_NEW_PASSWORD";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** What every subcommand shares: the record, the signed-in supervisor, where to print. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store = new StoreOptions();

        @Mixin
        UserOptions signedIn = new UserOptions();

        @Override
        public Integer call() throws Exception {
            try (Database db = store.open()) {
                Accounts accounts = UserOptions.accounts(db, store);
                run(accounts, spec.commandLine().getOut());
                return 0;
            }
        }

        abstract void run(Accounts accounts, PrintWriter out) throws AccountException;

        SignedIn supervisor(Accounts accounts) throws AccountException {
            return signedIn.signIn(accounts, "kensa users " + spec.name());
        }

        static char[] newPassword(String id) {
            return UserOptions.Passwords.readNew(NEW_PASSWORD_ENV, "New password for " + id + ": ");
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Create an account (its password from env " + NEW_PASSWORD_ENV + ", else asked twice)."
                    + " --admin creates the first supervisor of a station that has no account yet.")
    static final class Add extends Base {
        @Parameters(index = "0", paramLabel = "ID", description = "login id (badge number or short name)")
        String id;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "display name, as on decisions")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "inspector",
                description = "inspector, qa_engineer or supervisor (default: ${DEFAULT-VALUE})")
        String role;

        @Option(names = "--admin", description = "first start only: create the first supervisor (no --user needed)")
        boolean admin;

        @Override
        void run(Accounts accounts, PrintWriter out) throws AccountException {
            if (admin) {
                if (!accounts.noAccountYet()) {
                    throw new AccountException("--admin works only on a station without accounts, and this one has"
                            + " some: a supervisor adds accounts with --user ID.");
                }
                SignedIn first = accounts.createFirstSupervisor(id, name, newPassword(id));
                out.println("Created the first supervisor " + first.operator().label() + ".");
                return;
            }
            SignedIn by = supervisor(accounts);
            Accounts.User created = accounts.create(by, id, name, Role.fromWire(role), newPassword(id));
            out.println("Created " + created.operator().label() + ".");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every account with its role and state.")
    static final class ListUsers extends Base {
        @Override
        void run(Accounts accounts, PrintWriter out) throws AccountException {
            SignedIn by = supervisor(accounts);
            out.printf("%-20s %-30s %-12s %s%n", "id", "name", "role", "state");
            for (Accounts.User u : accounts.list(by)) {
                String state = !u.active() ? "disabled" : u.lockedUntil()
                        .filter(t -> t.isAfter(Instant.now()))
                        .map(t -> "locked until " + TIME.format(t.atZone(ZoneId.systemDefault())))
                        .orElse("active");
                out.printf("%-20s %-30s %-12s %s%n", u.operator().id(), u.operator().name(), u.operator().role().wire(),
                        state);
            }
        }
    }

    /** A command on one account, named by its id. */
    abstract static class OnAccount extends Base {
        @Parameters(index = "0", paramLabel = "ID", description = "the account's id")
        String id;
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable an account (it is kept: its decisions name it). The last active supervisor cannot be.")
    static final class Disable extends OnAccount {

        @Override
        void run(Accounts accounts, PrintWriter out) throws AccountException {
            out.println("Disabled " + accounts.disable(supervisor(accounts), id).operator().label() + ".");
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Re-enable a disabled account.")
    static final class Enable extends OnAccount {

        @Override
        void run(Accounts accounts, PrintWriter out) throws AccountException {
            out.println("Enabled " + accounts.enable(supervisor(accounts), id).operator().label() + ".");
        }
    }

    @Command(name = "role", mixinStandardHelpOptions = true, description = "Change an account's role.")
    static final class ChangeRole extends OnAccount {

        @Parameters(index = "1", paramLabel = "ROLE", description = "inspector, qa_engineer or supervisor")
        String role;

        @Override
        void run(Accounts accounts, PrintWriter out) throws AccountException {
            Accounts.User changed = accounts.changeRole(supervisor(accounts), id, Role.fromWire(role));
            out.println("Now " + changed.operator().label() + ".");
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Set a password: your own (ID = your --user), or, as a supervisor, anyone's (this also lifts"
                    + " a lockout). The new one comes from env " + NEW_PASSWORD_ENV + ", else is asked twice.")
    static final class Passwd extends OnAccount {

        @Override
        void run(Accounts accounts, PrintWriter out) throws AccountException {
            SignedIn by = signedIn.signIn(accounts, "kensa users passwd");
            if (by.operator().id().equals(id.strip())) {
                signedIn.changeOwnPassword(accounts, by, newPassword(id));
            } else {
                accounts.resetPassword(by, id, newPassword(id));
            }
            out.println("Password changed for " + id.strip() + ".");
        }
    }
}

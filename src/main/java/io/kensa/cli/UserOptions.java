package io.kensa.cli;

import io.kensa.auth.AccountException;
import io.kensa.auth.AccountRules;
import io.kensa.auth.Accounts;
import io.kensa.auth.SignedIn;
import io.kensa.auth.Signature;
import io.kensa.config.Settings;
import io.kensa.store.AccountStore;
import io.kensa.store.Database;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * Who runs a command that changes the record: {@code --user ID}, signed in with the account's password, read from
 * {@value #PASSWORD_ENV} (scripts), else the console (not echoed), else the next line of standard input. The password
 * is kept only while the command runs, for a signature it records, and is never printed or logged.
 */
final class UserOptions {
    static final String PASSWORD_ENV = "KENSA_PASSWORD";

    @Option(names = "--user", paramLabel = "ID", description = "Your account id: this command changes the record, so it"
            + " runs signed in (password from env " + PASSWORD_ENV + ", else asked on the console).")
    String user;

    private char[] password = new char[0];

    /** The station's account service on {@code db}, with the lockout rules of the data folder's settings. */
    static Accounts accounts(Database db, StoreOptions store) {
        return new Accounts(new AccountStore(db, store.home().root()), AccountRules.from(store.settings()),
                Clock.systemDefaultZone());
    }

    /** Signs in as {@code --user}; {@code what} names the command in the message when the option is missing. */
    SignedIn signIn(Accounts accounts, String what) throws AccountException {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException(what + " changes the record: give your account with --user ID"
                    + (noAccountYet(accounts) ? " (no account exists yet: create the first supervisor with"
                    + " 'kensa users add ID --name NAME --admin')" : "") + ".");
        }
        password = Passwords.read(PASSWORD_ENV, "Password for " + user.strip() + ": ");
        return accounts.signIn(user.strip(), password);
    }

    /** Signs with the password given at sign-in (the command is what is signed), recording the signature. */
    Signature sign(Accounts accounts, SignedIn session, String meaning, String subject) throws AccountException {
        try {
            return accounts.sign(session, password, meaning, subject);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Changes the signed-in person's own password, the one given at sign-in being the current one. */
    void changeOwnPassword(Accounts accounts, SignedIn session, char[] next) throws AccountException {
        try {
            accounts.changeOwnPassword(session, password, next);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static boolean noAccountYet(Accounts accounts) {
        try {
            return accounts.noAccountYet();
        } catch (AccountException e) {
            return false;
        }
    }

    /** Passwords for commands: an environment variable, else the console without echo, else a line of stdin. */
    static final class Passwords {
        // one reader per stdin, so lines piped for several passwords are read in turn
        private static InputStream source;
        private static BufferedReader stdin;

        private Passwords() {}

        static char[] read(String env, String prompt) {
            String fromEnv = System.getenv(env);
            if (fromEnv != null && !fromEnv.isEmpty()) {
                return fromEnv.toCharArray();
            }
            Console console = System.console();
            if (console != null) {
                return typed(console, prompt);
            }
            return line(env, prompt);
        }

        /** A new password: typed twice on a console (the two must match), else as {@link #read}. */
        static char[] readNew(String env, String prompt) {
            Console console = System.getenv(env) == null ? System.console() : null;
            if (console == null) {
                return read(env, prompt);
            }
            char[] first = typed(console, prompt);
            char[] again = typed(console, "Again: ");
            if (!Arrays.equals(first, again)) {
                throw new IllegalArgumentException("The two passwords differ; nothing changed.");
            }
            return first;
        }

        private static char[] typed(Console console, String prompt) {
            char[] typed = console.readPassword("%s", prompt);
            if (typed == null) {
                throw new IllegalArgumentException("No password was given (end of input); nothing changed.");
            }
            return typed;
        }

        private static synchronized char[] line(String env, String prompt) {
            try {
                if (stdin == null || System.in != source) {
                    source = System.in;
                    stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                }
                String line = stdin.readLine();
                if (line != null) {
                    return line.toCharArray();
                }
            } catch (IOException e) {
                // reported below like no input at all
            }
            throw new IllegalArgumentException("No console to ask '" + prompt.strip() + "' and no " + env + " set: set "
                    + env + " for scripts, or give the password on standard input.");
        }
    }
}

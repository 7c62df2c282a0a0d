package io.kensa.auth;

import io.kensa.model.Operator;
import io.kensa.model.Permission;
import io.kensa.model.Role;
import io.kensa.store.AccountStore;
import io.kensa.store.AccountStore.Account;
import io.kensa.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Sign-in and account management at the station. A {@link SignedIn} comes only from a successful sign-in (or the
 * first-run creation of the first supervisor); the management commands take the session of the person giving them
 * and check {@link Permission#MANAGE_USERS} against that person's account as it is now (a supervisor disabled or
 * demoted meanwhile is refused). Passwords are Argon2id hashes; {@link AccountRules} sets the lockout.
 */
public final class Accounts {
    /** An account as a supervisor sees it (never its hash). */
    public record User(Operator operator, boolean active, int failedAttempts, Optional<Instant> lockedUntil) {}

    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final AccountStore store;
    private final AccountRules rules;
    private final Clock clock;
    private final PasswordHasher hasher;
    /** Hashed once, compared with when an id is unknown, so such an attempt takes as long as a wrong password. */
    private final String decoy;

    public Accounts(AccountStore store, AccountRules rules, Clock clock) {
        this(store, rules, clock, new PasswordHasher());
    }

    Accounts(AccountStore store, AccountRules rules, Clock clock, PasswordHasher hasher) {
        this.store = store;
        this.rules = rules;
        this.clock = clock;
        this.hasher = hasher;
        this.decoy = hasher.hash("no such account".toCharArray());
    }

    public AccountRules rules() {
        return rules;
    }

    /** True on a station where no account exists yet: the first supervisor is to be created. */
    public boolean noAccountYet() throws AccountException {
        try {
            return store.isEmpty();
        } catch (StoreException e) {
            throw new AccountException(e.getMessage(), e);
        }
    }

    /** First start only: creates the first supervisor and signs them in; refused once any account exists. */
    public SignedIn createFirstSupervisor(String login, String name, char[] password) throws AccountException {
        Operator operator = operator(login, name, Role.SUPERVISOR);
        requireGood(password, operator);
        try {
            Account created = store.create(operator, hasher.hash(password), clock.instant(),
                    operator.label() + " (first-run setup)", true);
            return new SignedIn(created.id(), created.operator(), clock.instant());
        } catch (StoreException e) {
            throw new AccountException(e.getMessage(), e);
        }
    }

    /**
     * Checks the password; counts a failure and locks the account for {@link AccountRules#lockout()} after
     * {@link AccountRules#maxFailedAttempts()} in a row.
     *
     * @throws AccountException saying what was wrong: unknown id, disabled, locked (until when), wrong password (how
     *                          many attempts are left)
     */
    public SignedIn signIn(String login, char[] password) throws AccountException {
        Instant now = clock.instant();
        try {
            Optional<Account> found = login == null || login.isBlank() ? Optional.empty() : store.find(login);
            if (found.isEmpty()) {
                hasher.matches(password, decoy);
                throw new AccountException("There is no account '" + (login == null ? "" : login.strip())
                        + "'. Check the id, or ask a supervisor to create your account.");
            }
            Account account = found.get();
            if (!account.active()) {
                throw new AccountException("The account '" + account.login() + "' is disabled. Ask a supervisor to"
                        + " re-enable it.");
            }
            Optional<Instant> lock = account.lockedUntil();
            if (lock.isPresent() && now.isBefore(lock.get())) {
                throw new AccountException(lockedMessage(account.login(), lock.get(), now));
            }
            if (!hasher.matches(password, account.passwordHash())) {
                // a lock that has run out starts a fresh count
                int failed = (lock.isPresent() ? 0 : account.failedAttempts()) + 1;
                if (failed >= rules.maxFailedAttempts()) {
                    Instant until = now.plus(rules.lockout());
                    store.recordFailure(account.id(), failed, Optional.of(until));
                    throw new AccountException("Wrong password for '" + account.login() + "'. "
                            + lockedMessage(account.login(), until, now));
                }
                store.recordFailure(account.id(), failed, Optional.empty());
                int left = rules.maxFailedAttempts() - failed;
                throw new AccountException("Wrong password for '" + account.login() + "': " + left + " attempt"
                        + (left == 1 ? "" : "s") + " left before the account locks for "
                        + rules.lockout().toMinutes() + " minutes.");
            }
            if (account.failedAttempts() > 0 || lock.isPresent()) {
                store.recordSuccess(account.id());
            }
            return new SignedIn(account.id(), account.operator(), now);
        } catch (StoreException e) {
            throw new AccountException(e.getMessage(), e);
        }
    }

    /** Every account, by id (supervisors only). */
    public List<User> list(SignedIn by) throws AccountException {
        manager(by);
        try {
            return store.all().stream().map(Accounts::user).toList();
        } catch (StoreException e) {
            throw new AccountException(e.getMessage(), e);
        }
    }

    public User create(SignedIn by, String login, String name, Role role, char[] password) throws AccountException {
        Operator manager = manager(by);
        Operator operator = operator(login, name, role);
        requireGood(password, operator);
        try {
            return user(store.create(operator, hasher.hash(password), clock.instant(), manager.label(), false));
        } catch (StoreException e) {
            throw new AccountException(e.getMessage(), e);
        }
    }

    /** Disables an account (never deletes it: its decisions keep naming it). */
    public User disable(SignedIn by, String login) throws AccountException {
        Operator manager = manager(by);
        Account target = existing(login);
        if (target.active() && target.operator().role() == Role.SUPERVISOR) {
            requireAnotherSupervisor(target, "disabled");
        }
        return changed(() -> store.setActive(target.login(), false, clock.instant(), manager.label()));
    }

    public User enable(SignedIn by, String login) throws AccountException {
        Operator manager = manager(by);
        Account target = existing(login);
        return changed(() -> store.setActive(target.login(), true, clock.instant(), manager.label()));
    }

    public User changeRole(SignedIn by, String login, Role role) throws AccountException {
        Operator manager = manager(by);
        Account target = existing(login);
        if (target.operator().role() == role) {
            return user(target);
        }
        if (target.active() && target.operator().role() == Role.SUPERVISOR) {
            requireAnotherSupervisor(target, "made " + role.wire());
        }
        return changed(() -> store.setRole(target.login(), role, clock.instant(), manager.label()));
    }

    /** A supervisor sets a new password for someone (it also lifts a lockout). */
    public User resetPassword(SignedIn by, String login, char[] password) throws AccountException {
        Operator manager = manager(by);
        Account target = existing(login);
        requireGood(password, target.operator());
        return changed(() -> store.setPassword(target.login(), hasher.hash(password), clock.instant(), manager.label()));
    }

    /** Anyone signed in changes their own password, giving the current one. */
    public void changeOwnPassword(SignedIn session, char[] current, char[] next) throws AccountException {
        Account account = current(session);
        if (!hasher.matches(current, account.passwordHash())) {
            throw new AccountException("The current password is wrong; the password was not changed.");
        }
        requireGood(next, account.operator());
        changed(() -> store.setPassword(account.login(), hasher.hash(next), clock.instant(), account.operator().label()));
    }

    /**
     * An electronic signature: re-checks the signed-in person's password and records who signed {@code subject},
     * when and meaning what ({@code signature.recorded}). A wrong password counts towards the lockout like a failed
     * sign-in.
     */
    public Signature sign(SignedIn session, char[] password, String meaning, String subject) throws AccountException {
        return sign(session, password, meaning, signer -> subject);
    }

    /** Work done under a signature, by the signer whose password was just checked; returns what was signed. */
    public interface SignedWork<E extends Exception> {
        String run(Operator signer) throws E;
    }

    /**
     * A signed act: checks the password first (a wrong one runs nothing and counts towards the lockout), then runs
     * {@code work} as the signer, then records its signature on what the work says it did (e.g. "recipe bottle v4").
     *
     * @throws E              the work's own failure: nothing is signed
     * @throws AccountException a wrong password or an inactive account (nothing ran), or a signature that could not be
     *                          recorded after the work was done (the message says so)
     */
    public <E extends Exception> Signature sign(SignedIn session, char[] password, String meaning, SignedWork<E> work)
            throws AccountException, E {
        Account account = current(session);
        SignedIn again = signIn(account.login(), password);
        if (again.accountId() != session.accountId()) {
            throw new AccountException("The account '" + account.login() + "' was replaced since it signed in: sign in again.");
        }
        String subject = work.run(again.operator());
        try {
            AccountStore.SignatureRow row = store.recordSignature(account, meaning, subject, clock.instant());
            return new Signature(row.id(), row.signer(), row.meaning(), row.subject(), row.signedAt());
        } catch (StoreException e) {
            throw new AccountException("Done (" + subject + "), but its signature could not be recorded: "
                    + e.getMessage(), e);
        }
    }

    // ---- rules

    private interface Change {
        Account run() throws StoreException;
    }

    private static User changed(Change change) throws AccountException {
        try {
            return user(change.run());
        } catch (StoreException e) {
            throw new AccountException(e.getMessage(), e);
        }
    }

    /** The session's account as it is now: still there, still active. */
    private Account current(SignedIn session) throws AccountException {
        if (session == null) {
            throw new AccountException("Nobody is signed in: sign in first.");
        }
        try {
            Optional<Account> now = store.find(session.operator().id());
            if (now.isEmpty() || now.get().id() != session.accountId() || !now.get().active()) {
                throw new AccountException("The account '" + session.operator().id() + "' is no longer active: sign in"
                        + " again with an active account.");
            }
            return now.get();
        } catch (StoreException e) {
            throw new AccountException(e.getMessage(), e);
        }
    }

    /** The manager's operator as it is now, if their current role may manage accounts. */
    private Operator manager(SignedIn by) throws AccountException {
        Operator now = current(by).operator();
        Permission.MANAGE_USERS.require(now);
        return now;
    }

    private Account existing(String login) throws AccountException {
        try {
            return store.find(login == null ? "" : login).orElseThrow(() -> new AccountException("There is no account '"
                    + login + "'. Check the id (the list of users shows every account)."));
        } catch (StoreException e) {
            throw new AccountException(e.getMessage(), e);
        }
    }

    private void requireAnotherSupervisor(Account target, String change) throws AccountException {
        try {
            boolean another = store.all().stream().anyMatch(a -> a.id() != target.id() && a.active()
                    && a.operator().role() == Role.SUPERVISOR);
            if (!another) {
                throw new AccountException(target.operator().label() + " is the last active supervisor and cannot be "
                        + change + ": nobody could manage accounts then. Create or enable another supervisor first.");
            }
        } catch (StoreException e) {
            throw new AccountException(e.getMessage(), e);
        }
    }

    private static Operator operator(String login, String name, Role role) throws AccountException {
        try {
            return new Operator(login, name, role);
        } catch (IllegalArgumentException e) {
            throw new AccountException("Cannot create the account: " + e.getMessage() + ".");
        }
    }

    private static void requireGood(char[] password, Operator operator) throws AccountException {
        List<String> problems = PasswordRules.problems(password, operator.id(), operator.name());
        if (!problems.isEmpty()) {
            throw new AccountException(String.join(" ", problems));
        }
    }

    private String lockedMessage(String login, Instant until, Instant now) {
        long minutes = Math.max(1, Duration.between(now, until).plusSeconds(59).toMinutes());
        return "The account '" + login + "' is locked after " + rules.maxFailedAttempts() + " failed sign-ins until "
                + CLOCK_TIME.format(until.atZone(clock.getZone())) + " (" + minutes + " min). Wait, or ask a supervisor"
                + " to reset the password.";
    }

    private static User user(Account a) {
        return new User(a.operator(), a.active(), a.failedAttempts(), a.lockedUntil());
    }
}

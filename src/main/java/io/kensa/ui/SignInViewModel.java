package io.kensa.ui;

import io.kensa.auth.AccountException;
import io.kensa.auth.Accounts;
import io.kensa.auth.IdleLock;
import io.kensa.auth.SignedIn;
import io.kensa.model.Operator;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Who is at the station: the sign-in screen (id + password, the lockout message, first-run creation of the first
 * supervisor), switching operator and the idle lock. While {@link #locked()} the window is covered by the sign-in
 * view and {@link #operator()} is empty, so services refuse everything ("Nobody is signed in"); capture and
 * detection keep running underneath. Passwords are checked on {@code background} (Argon2id takes a moment);
 * properties change on {@code fx} only.
 */
public final class SignInViewModel {
    private final Accounts accounts;
    private final IdleLock idle;
    private final Executor background;
    private final Executor fx;

    private final StringProperty login = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty confirm = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper firstRun = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper locked = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper heading = new ReadOnlyStringWrapper("Sign in");
    private final ReadOnlyObjectWrapper<SignedIn> session = new ReadOnlyObjectWrapper<>();
    /** While {@link #start()} looks at the accounts, a submit waits for it instead of being dropped. */
    private boolean checkingAccounts;
    private boolean submitAfterCheck;

    public SignInViewModel(Accounts accounts, IdleLock idle, Executor background, Executor fx) {
        this.accounts = accounts;
        this.idle = idle;
        this.background = background;
        this.fx = fx;
    }

    public StringProperty login() { return login; }
    public StringProperty password() { return password; }
    /** first run only: the first supervisor's display name */
    public StringProperty name() { return name; }
    /** first run only: the password again */
    public StringProperty confirm() { return confirm; }
    public ReadOnlyBooleanProperty firstRun() { return firstRun.getReadOnlyProperty(); }
    /** true while nobody is signed in: the window is covered */
    public ReadOnlyBooleanProperty locked() { return locked.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busy() { return busy.getReadOnlyProperty(); }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
    public ReadOnlyStringProperty heading() { return heading.getReadOnlyProperty(); }
    /** the signed-in session, null while locked */
    public ReadOnlyObjectProperty<SignedIn> session() { return session.getReadOnlyProperty(); }

    /** Who is signed in now, for the services the views call; empty while the station is locked. */
    public Optional<Operator> operator() {
        return Optional.ofNullable(session.get()).map(SignedIn::operator);
    }

    /** Looks whether any account exists yet (first run: the first supervisor is created here). */
    public void start() {
        busy.set(true);
        checkingAccounts = true;
        background.execute(() -> {
            try {
                boolean none = accounts.noAccountYet();
                fx.execute(() -> accountsChecked(none));
            } catch (AccountException e) {
                fx.execute(() -> {
                    checkingAccounts = false;
                    submitAfterCheck = false;
                    failed(e.getMessage());
                });
            }
        });
    }

    /**
     * Kiosks and screenshots ({@code -Dkensa.user} with {@code KENSA_PASSWORD}): fills the form and submits it through
     * the same check as typing it, once {@link #start()} has looked at the accounts.
     */
    public void signInAs(String id, String typedPassword) {
        login.set(id);
        password.set(typedPassword);
        submit();
    }

    /** Signs in, or on first run creates the first supervisor and signs them in. */
    public void submit() {
        if (checkingAccounts) {
            submitAfterCheck = true; // e.g. the automatic sign-in right after start: it runs once the check is done
            return;
        }
        if (busy.get()) {
            return;
        }
        char[] typed = password.get().toCharArray();
        password.set("");
        if (firstRun.get() && !confirm.get().equals(new String(typed))) {
            confirm.set("");
            message.set("The two passwords differ: type the password twice the same way.");
            return;
        }
        confirm.set("");
        String id = login.get().strip();
        String display = name.get().strip();
        boolean creating = firstRun.get();
        busy.set(true);
        background.execute(() -> {
            try {
                SignedIn signedIn = creating ? accounts.createFirstSupervisor(id, display, typed) : accounts.signIn(id, typed);
                fx.execute(() -> signedIn(signedIn));
            } catch (AccountException e) {
                fx.execute(() -> failed(e.getMessage()));
            } finally {
                Arrays.fill(typed, '\0');
            }
        });
    }

    /** Sign out / switch operator: covers the window until the next person signs in (capture keeps running). */
    public void lock(String why) {
        Optional<Operator> was = operator();
        session.set(null);
        locked.set(true);
        password.set("");
        heading.set("Sign in");
        message.set(was.map(o -> why + " " + o.name() + " is signed out.").orElse(why).strip());
    }

    /** A key or mouse event anywhere in the window. */
    public void activity() {
        idle.activity();
    }

    /** Called on a timer: locks the station once it has been idle for the set minutes. */
    public void checkIdle() {
        if (!locked.get() && idle.due()) {
            lock("Locked after " + idle.idle().toMinutes() + " idle minutes.");
        }
    }

    private void accountsChecked(boolean none) {
        checkingAccounts = false;
        busy.set(false);
        firstRun.set(none);
        heading.set(none ? "Create the first supervisor" : "Sign in");
        message.set(none ? "No account exists on this station yet. The first account is a supervisor, who"
                + " then creates everyone else's." : "");
        boolean submitNow = submitAfterCheck;
        submitAfterCheck = false;
        if (submitNow && none) {
            password.set(""); // there is no account to sign in to: the first supervisor is created here, by hand
        } else if (submitNow) {
            submit();
        }
    }

    private void signedIn(SignedIn signedIn) {
        busy.set(false);
        firstRun.set(false);
        name.set("");
        message.set("");
        idle.activity();
        session.set(signedIn);
        locked.set(false);
    }

    private void failed(String why) {
        busy.set(false);
        message.set(why);
    }
}

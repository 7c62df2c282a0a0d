package io.kensa.ui;

import io.kensa.auth.AccountException;
import io.kensa.auth.Accounts;
import io.kensa.auth.SignedIn;
import io.kensa.model.PermissionDeniedException;
import io.kensa.model.Role;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The supervisor's Users tab: every account with its role and state, create, disable/enable, change role, reset a
 * password. Each command goes to {@link Accounts} with the session of whoever is signed in now, which checks the
 * permission itself: a non-supervisor sees why they were refused, not a hidden tab.
 */
public final class UsersViewModel {
    private final Accounts accounts;
    private final Supplier<SignedIn> session;
    private final Executor background;
    private final Executor fx;

    private final ObservableList<Accounts.User> users = FXCollections.observableArrayList();
    private final ObjectProperty<Accounts.User> selected = new SimpleObjectProperty<>();
    private final StringProperty newLogin = new SimpleStringProperty("");
    private final StringProperty newName = new SimpleStringProperty("");
    private final ObjectProperty<Role> newRole = new SimpleObjectProperty<>(Role.INSPECTOR);
    /** the new account's password, or the new password of the selected account on reset */
    private final StringProperty password = new SimpleStringProperty("");
    private final ObjectProperty<Role> role = new SimpleObjectProperty<>(Role.INSPECTOR);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);

    /**
     * @param session who is signed in now (null while the station is locked)
     */
    public UsersViewModel(Accounts accounts, Supplier<SignedIn> session, Executor background, Executor fx) {
        this.accounts = accounts;
        this.session = session;
        this.background = background;
        this.fx = fx;
        selected.addListener((o, was, now) -> {
            if (now != null) {
                role.set(now.operator().role());
            }
        });
    }

    public ObservableList<Accounts.User> users() { return users; }
    public ObjectProperty<Accounts.User> selected() { return selected; }
    public StringProperty newLogin() { return newLogin; }
    public StringProperty newName() { return newName; }
    public ObjectProperty<Role> newRole() { return newRole; }
    public StringProperty password() { return password; }
    /** the role the selected account is to get */
    public ObjectProperty<Role> role() { return role; }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busy() { return busy.getReadOnlyProperty(); }

    /** One line per account for the list. */
    public static String describe(Accounts.User u) {
        String state = !u.active() ? "disabled" : u.lockedUntil().isPresent() ? "locked after failed sign-ins" : "active";
        return u.operator().id() + " — " + u.operator().name() + " — " + u.operator().role().wire() + " — " + state;
    }

    public void refresh() {
        run("", s -> { });
    }

    public void create() {
        String login = newLogin.get();
        String name = newName.get();
        Role r = newRole.get();
        char[] typed = takePassword();
        run("Created " + login.strip() + ".", s -> accounts.create(s, login, name, r, typed));
        newLogin.set("");
        newName.set("");
    }

    public void disable() {
        onSelected("Disabled", (s, id) -> accounts.disable(s, id));
    }

    public void enable() {
        onSelected("Enabled", (s, id) -> accounts.enable(s, id));
    }

    public void changeRole() {
        Role r = role.get();
        onSelected("Changed the role of", (s, id) -> accounts.changeRole(s, id, r));
    }

    /** Sets the selected account's password (also lifts a lockout). */
    public void resetPassword() {
        char[] typed = takePassword();
        onSelected("Set a new password for", (s, id) -> accounts.resetPassword(s, id, typed));
    }

    private interface Command {
        void run(SignedIn by) throws AccountException;
    }

    private interface OnAccount {
        void run(SignedIn by, String id) throws AccountException;
    }

    private char[] takePassword() {
        char[] typed = password.get().toCharArray();
        password.set("");
        return typed;
    }

    private void onSelected(String done, OnAccount command) {
        Accounts.User target = selected.get();
        if (target == null) {
            message.set("Choose an account in the list first.");
            return;
        }
        String id = target.operator().id();
        run(done + " " + id + ".", s -> command.run(s, id));
    }

    /** Runs {@code command} on {@code background}, then reloads the list; failures become the message. */
    private void run(String done, Command command) {
        SignedIn by = session.get();
        busy.set(true);
        background.execute(() -> {
            try {
                command.run(by);
                List<Accounts.User> all = accounts.list(by);
                fx.execute(() -> {
                    busy.set(false);
                    users.setAll(all);
                    message.set(done);
                });
            } catch (AccountException | PermissionDeniedException e) {
                fx.execute(() -> {
                    busy.set(false);
                    message.set(e.getMessage());
                });
            }
        });
    }
}

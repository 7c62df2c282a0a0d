package io.kensa.ui;

import io.kensa.auth.AccountException;
import io.kensa.auth.Accounts;
import io.kensa.auth.SignedIn;
import io.kensa.model.Operator;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The one "sign with your password" step every screen's signed act goes through (publishing a recipe version, a
 * rollback, a classifier, a prompt version): the screen hands its work to {@link #ask}, the signature view asks the
 * signed-in person for their password again, and {@link Accounts#sign} checks it, runs the work as that person and
 * records the signature (who, when, meaning, what) on the audit chain. A wrong password runs nothing and keeps the
 * question open with the reason; Cancel runs nothing. Password checks and the work run on {@code background},
 * properties change on {@code fx}.
 */
public final class SignatureViewModel {
    /** A screen's signed work: done as {@code signer}, whose password was just checked. */
    public interface SignedWork<T> {
        T run(Operator signer) throws Exception;
    }

    private record Request<T>(String meaning, SignedWork<T> work, Function<T, String> subject, Consumer<T> done,
                              Consumer<String> failed) {}

    private final Accounts accounts;
    private final Supplier<SignedIn> session;
    private final Executor background;
    private final Executor fx;

    private final ReadOnlyBooleanWrapper asking = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper prompt = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper signer = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final StringProperty password = new SimpleStringProperty("");
    private Optional<Request<?>> pending = Optional.empty();

    /** @param session who is signed in now (null while the station is locked) */
    public SignatureViewModel(Accounts accounts, Supplier<SignedIn> session, Executor background, Executor fx) {
        this.accounts = accounts;
        this.session = session;
        this.background = background;
        this.fx = fx;
    }

    /** true while a signature is asked for: the signature view shows */
    public ReadOnlyBooleanProperty asking() { return asking.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busy() { return busy.getReadOnlyProperty(); }
    /** what is being signed and what the signature means */
    public ReadOnlyStringProperty prompt() { return prompt.getReadOnlyProperty(); }
    /** who signs: the signed-in person */
    public ReadOnlyStringProperty signer() { return signer.getReadOnlyProperty(); }
    /** why the last attempt was refused (wrong password, locked account), empty before */
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
    public StringProperty password() { return password; }

    /**
     * Asks for a signature on {@code what} meaning {@code meaning}; once the password is right, runs {@code work} and
     * records the signature on {@code subject} of its result. {@code done} or {@code failed} (with a sentence for the
     * person) follows on {@code fx}; Cancel is a failure saying nothing was done.
     */
    public <T> void ask(String meaning, String what, SignedWork<T> work, Function<T, String> subject, Consumer<T> done,
                        Consumer<String> failed) {
        SignedIn now = session.get();
        if (now == null) {
            failed.accept("Nobody is signed in: sign in to sign " + what + ".");
            return;
        }
        if (pending.isPresent()) {
            failed.accept("Another signature is being asked for: finish or cancel it first.");
            return;
        }
        pending = Optional.of(new Request<>(meaning, work, subject, done, failed));
        prompt.set("Sign: " + what + " (meaning: " + meaning + ").");
        signer.set(now.operator().label());
        message.set("");
        password.set("");
        asking.set(true);
    }

    /** The password was entered: checks it, then runs the work and records the signature. */
    public void sign() {
        if (pending.isEmpty() || busy.get()) {
            return;
        }
        char[] typed = password.get().toCharArray();
        password.set("");
        busy.set(true);
        run(pending.get(), session.get(), typed);
    }

    /** Closes the question without signing: nothing is done. */
    public void cancel() {
        if (busy.get()) {
            return; // the work has started; its result is reported when it ends
        }
        pending.ifPresent(r -> close(() -> r.failed().accept("Not signed: nothing was done.")));
    }

    private <T> void run(Request<T> request, SignedIn by, char[] typed) {
        background.execute(() -> {
            AtomicReference<T> result = new AtomicReference<>();
            try {
                accounts.sign(by, typed, request.meaning(), signer -> {
                    T done = request.work().run(signer);
                    result.set(done);
                    return request.subject().apply(done);
                });
                fx.execute(() -> close(() -> request.done().accept(result.get())));
            } catch (AccountException e) {
                if (result.get() == null) {
                    fx.execute(() -> refused(e.getMessage())); // nothing ran: the person may type the password again
                } else {
                    fx.execute(() -> close(() -> request.failed().accept(e.getMessage())));
                }
            } catch (Exception e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                fx.execute(() -> close(() -> request.failed().accept(why)));
            } finally {
                Arrays.fill(typed, '\0');
            }
        });
    }

    private void refused(String why) {
        busy.set(false);
        message.set(why);
    }

    private void close(Runnable then) {
        busy.set(false);
        asking.set(false);
        pending = Optional.empty();
        message.set("");
        then.run();
    }
}

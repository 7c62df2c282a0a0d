package io.kensa.auth;

/** A sign-in or account change was refused or failed; the message says why and what to do. */
public class AccountException extends Exception {
    public AccountException(String message) {
        super(message);
    }

    public AccountException(String message, Throwable cause) {
        super(message, cause);
    }
}

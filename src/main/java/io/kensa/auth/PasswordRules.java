package io.kensa.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a station password must be: at least {@value #MIN_LENGTH} characters, at most {@value #MAX_LENGTH}, not the
 * account id or name (nor containing the id), and of at least two kinds of character (lower case, upper case, digits,
 * others) — a long pass phrase with one digit passes, {@code aaaaaaaaaa} and {@code 1234567890} do not.
 */
public final class PasswordRules {
    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 200;

    private PasswordRules() {}

    /** Every rule the password breaks, as sentences for the person typing it; empty when it is acceptable. */
    public static List<String> problems(char[] password, String login, String name) {
        List<String> problems = new ArrayList<>();
        String text = new String(password);
        if (password.length < MIN_LENGTH) {
            problems.add("The password has " + password.length + " characters: use at least " + MIN_LENGTH + ".");
        }
        if (password.length > MAX_LENGTH) {
            problems.add("The password has " + password.length + " characters: use at most " + MAX_LENGTH + ".");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (!login.isBlank() && lower.contains(login.strip().toLowerCase(Locale.ROOT))) {
            problems.add("The password contains the account id '" + login.strip() + "': choose one that does not.");
        } else if (!name.isBlank() && lower.equals(name.strip().toLowerCase(Locale.ROOT))) {
            problems.add("The password is the account's name: choose another.");
        }
        if (kinds(text) < 2) {
            problems.add("The password uses one kind of character only: mix in another (upper case, digits or symbols).");
        }
        return problems;
    }

    private static int kinds(String text) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (Character.isLowerCase(ch)) {
                lower = true;
            } else if (Character.isUpperCase(ch)) {
                upper = true;
            } else if (Character.isDigit(ch)) {
                digit = true;
            } else {
                other = true;
            }
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }
}

package io.kensa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Accounts for command-line tests, made the way a station gets them ({@code kensa users add}), with passwords typed
 * on standard input as a script without a console would give them.
 */
final class CliAccounts {
    static final String SUPERVISOR = "boss";
    static final String SUPERVISOR_PASSWORD = "Harbour-lights-2026";
    static final String QA = "q.lee";
    static final String QA_PASSWORD = "Quinn-pass-2026";
    static final String INSPECTOR = "i.ito";
    static final String INSPECTOR_PASSWORD = "Ichiro-pass-2026";

    private CliAccounts() {}

    /** The first supervisor, a QA engineer and an inspector in the record of {@code home}. */
    static void create(String home) {
        CliRun admin = typing(SUPERVISOR_PASSWORD, () -> CliRun.kensa("users", "add", SUPERVISOR, "--name", "Mei Boss",
                "--admin", "--home", home));
        assertEquals(0, admin.code(), admin.err());
        CliRun qa = typing(SUPERVISOR_PASSWORD + "\n" + QA_PASSWORD, () -> CliRun.kensa("users", "add", QA, "--name",
                "Quinn Lee", "--role", "qa_engineer", "--user", SUPERVISOR, "--home", home));
        assertEquals(0, qa.code(), qa.err());
        CliRun inspector = typing(SUPERVISOR_PASSWORD + "\n" + INSPECTOR_PASSWORD, () -> CliRun.kensa("users", "add",
                INSPECTOR, "--name", "Ichiro Ito", "--user", SUPERVISOR, "--home", home));
        assertEquals(0, inspector.code(), inspector.err());
    }

    /** Runs {@code command} with {@code lines} as standard input (one password a line). */
    static <T> T typing(String lines, Supplier<T> command) {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream((lines + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            return command.get();
        } finally {
            System.setIn(before);
        }
    }
}

package io.kensa.cli;

import static io.kensa.cli.CliAccounts.INSPECTOR;
import static io.kensa.cli.CliAccounts.INSPECTOR_PASSWORD;
import static io.kensa.cli.CliAccounts.QA;
import static io.kensa.cli.CliAccounts.QA_PASSWORD;
import static io.kensa.cli.CliAccounts.SUPERVISOR;
import static io.kensa.cli.CliAccounts.SUPERVISOR_PASSWORD;
import static io.kensa.cli.CliAccounts.typing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersCommandTest {
    @TempDir
    Path temp;
    private String home;

    @BeforeEach
    void accounts() {
        home = temp.resolve("home").toString();
        CliAccounts.create(home);
    }

    private CliRun users(String password, String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("users"),
                java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--home", home)))
                .toArray(String[]::new);
        return typing(password, () -> CliRun.kensa(all));
    }

    @Test
    void theFirstAdminIsCreatedOnlyOnAStationWithoutAccounts() {
        CliRun again = users("Other-pass-2026", "add", "other", "--name", "Other Admin", "--admin");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("--admin works only on a station without accounts"), again.err());
        CliRun list = users(SUPERVISOR_PASSWORD, "list", "--user", SUPERVISOR);
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("boss") && list.out().contains("supervisor"), list.out());
        assertTrue(list.out().contains("q.lee") && list.out().contains("qa_engineer"), list.out());
        assertTrue(list.out().contains("i.ito") && list.out().contains("inspector"), list.out());
        assertFalse(list.out().contains(SUPERVISOR_PASSWORD), "passwords are never printed");
    }

    @Test
    void changingAccountsNeedsASignedInSupervisor() {
        CliRun nobody = users("", "add", "x.new", "--name", "New Person");
        assertEquals(1, nobody.code());
        assertTrue(nobody.err().contains("kensa users add changes the record: give your account with --user ID"),
                nobody.err());
        CliRun qa = users(QA_PASSWORD + "\nNew-person-2026", "add", "x.new", "--name", "New Person", "--user", QA);
        assertEquals(1, qa.code());
        assertTrue(qa.err().contains("Quinn Lee (q.lee, qa_engineer) may not manage accounts"), qa.err());
        CliRun wrong = users("not-the-password-1", "disable", INSPECTOR, "--user", SUPERVISOR);
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().contains("Wrong password for 'boss': 4 attempts left"), wrong.err());
    }

    @Test
    void disableEnableRoleAndPasswordChangesTakeEffect() {
        assertEquals(0, users(SUPERVISOR_PASSWORD, "disable", INSPECTOR, "--user", SUPERVISOR).code());
        CliRun disabled = users(INSPECTOR_PASSWORD, "passwd", INSPECTOR, "--user", INSPECTOR);
        assertTrue(disabled.err().contains("The account 'i.ito' is disabled"), disabled.err());
        assertEquals(0, users(SUPERVISOR_PASSWORD, "enable", INSPECTOR, "--user", SUPERVISOR).code());
        CliRun role = users(SUPERVISOR_PASSWORD, "role", INSPECTOR, "qa_engineer", "--user", SUPERVISOR);
        assertEquals(0, role.code(), role.err());
        assertTrue(role.out().contains("Now Ichiro Ito (i.ito, qa_engineer)."), role.out());
        CliRun own = users(INSPECTOR_PASSWORD + "\nFresh-pass-2026", "passwd", INSPECTOR, "--user", INSPECTOR);
        assertEquals(0, own.code(), own.err());
        assertEquals(1, users(INSPECTOR_PASSWORD, "list", "--user", INSPECTOR).code(), "the old password is gone");
        CliRun last = users(SUPERVISOR_PASSWORD, "role", SUPERVISOR, "inspector", "--user", SUPERVISOR);
        assertEquals(1, last.code());
        assertTrue(last.err().contains("is the last active supervisor"), last.err());
    }
}

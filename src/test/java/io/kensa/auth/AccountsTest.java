package io.kensa.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.model.PermissionDeniedException;
import io.kensa.model.Role;
import io.kensa.store.AccountStore;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import io.kensa.store.StoreException;
import io.kensa.store.VerifyResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsTest {
    static final char[] ADMIN_PASSWORD = "Lighthouse-42".toCharArray();
    static final char[] PASSWORD = "correct horse 7".toCharArray();
    static final char[] WRONG = "wrong horse 7".toCharArray();

    /** Argon2id at 1 MiB and one pass keeps these tests quick; the station's cost is checked once below. */
    static final int CHEAP_KIB = 1024;

    @TempDir
    Path home;
    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T06:00:00Z"));
    private Database database;
    private AccountStore store;
    private Accounts accounts;

    @BeforeEach
    void open() throws StoreException {
        database = Database.openFile(home.resolve("db"));
        store = new AccountStore(database, home);
        accounts = accounts(new PasswordHasher(CHEAP_KIB, 1));
    }

    private Accounts accounts(PasswordHasher hasher) {
        return new Accounts(store, new AccountRules(5, Duration.ofMinutes(15), Duration.ofMinutes(10)), clock, hasher);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theFirstSupervisorIsCreatedOnlyWhileNoAccountExists() throws Exception {
        assertTrue(accounts.noAccountYet());
        SignedIn admin = accounts.createFirstSupervisor("admin", "Mei Tanaka", ADMIN_PASSWORD);
        assertEquals(Role.SUPERVISOR, admin.operator().role());
        assertFalse(accounts.noAccountYet());
        AccountException again = assertThrows(AccountException.class,
                () -> accounts.createFirstSupervisor("admin2", "Someone Else", ADMIN_PASSWORD));
        assertTrue(again.getMessage().contains("An account exists already"), again.getMessage());
        assertEquals(1, store.all().size());
    }

    @Test
    void storesAnArgon2idHashWithItsParametersNeverThePassword() throws Exception {
        accounts = new Accounts(store, AccountRules.defaults(), clock);
        accounts.createFirstSupervisor("admin", "Mei Tanaka", ADMIN_PASSWORD);
        String hash = store.find("admin").orElseThrow().passwordHash();
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertFalse(hash.contains(new String(ADMIN_PASSWORD)));
        assertEquals("admin", accounts.signIn("admin", ADMIN_PASSWORD).operator().id());
    }

    @Test
    void aWrongPasswordSaysHowManyAttemptsAreLeft() throws Exception {
        accounts.createFirstSupervisor("admin", "Mei Tanaka", ADMIN_PASSWORD);
        AccountException e = assertThrows(AccountException.class, () -> accounts.signIn("admin", WRONG));
        assertEquals("Wrong password for 'admin': 4 attempts left before the account locks for 15 minutes.", e.getMessage());
        AccountException unknown = assertThrows(AccountException.class, () -> accounts.signIn("nobody", WRONG));
        assertTrue(unknown.getMessage().startsWith("There is no account 'nobody'"), unknown.getMessage());
    }

    @Test
    void fiveFailuresLockTheAccountUntilTheLockEnds() throws Exception {
        SignedIn admin = accounts.createFirstSupervisor("admin", "Mei Tanaka", ADMIN_PASSWORD);
        accounts.create(admin, "i.ito", "Ichiro Ito", Role.INSPECTOR, PASSWORD);
        for (int i = 0; i < 4; i++) {
            assertThrows(AccountException.class, () -> accounts.signIn("i.ito", WRONG));
        }
        AccountException fifth = assertThrows(AccountException.class, () -> accounts.signIn("i.ito", WRONG));
        assertTrue(fifth.getMessage().contains("is locked after 5 failed sign-ins until 06:15 (15 min)"), fifth.getMessage());
        clock.advance(Duration.ofMinutes(14));
        AccountException locked = assertThrows(AccountException.class, () -> accounts.signIn("i.ito", PASSWORD));
        assertTrue(locked.getMessage().contains("locked after 5 failed sign-ins until 06:15 (1 min)"), locked.getMessage());
        clock.advance(Duration.ofMinutes(1));
        assertEquals("i.ito", accounts.signIn("i.ito", PASSWORD).operator().id());
        AccountStore.Account after = store.find("i.ito").orElseThrow();
        assertEquals(0, after.failedAttempts());
        assertTrue(after.lockedUntil().isEmpty());
    }

    @Test
    void aLockRunOutStartsAFreshCount() throws Exception {
        SignedIn admin = accounts.createFirstSupervisor("admin", "Mei Tanaka", ADMIN_PASSWORD);
        accounts.create(admin, "i.ito", "Ichiro Ito", Role.INSPECTOR, PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertThrows(AccountException.class, () -> accounts.signIn("i.ito", WRONG));
        }
        clock.advance(Duration.ofMinutes(16));
        AccountException e = assertThrows(AccountException.class, () -> accounts.signIn("i.ito", WRONG));
        assertTrue(e.getMessage().contains("4 attempts left"), e.getMessage());
    }

    @Test
    void aSupervisorsPasswordResetLiftsALockout() throws Exception {
        SignedIn admin = accounts.createFirstSupervisor("admin", "Mei Tanaka", ADMIN_PASSWORD);
        accounts.create(admin, "i.ito", "Ichiro Ito", Role.INSPECTOR, PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertThrows(AccountException.class, () -> accounts.signIn("i.ito", WRONG));
        }
        char[] fresh = "new shift pass 9".toCharArray();
        accounts.resetPassword(admin, "i.ito", fresh);
        assertEquals("i.ito", accounts.signIn("i.ito", fresh).operator().id());
        assertThrows(AccountException.class, () -> accounts.signIn("i.ito", PASSWORD));
    }

    @Test
    void aDisabledAccountCannotSignInUntilReEnabled() throws Exception {
        SignedIn admin = accounts.createFirstSupervisor("admin", "Mei Tanaka", ADMIN_PASSWORD);
        accounts.create(admin, "i.ito", "Ichiro Ito", Role.INSPECTOR, PASSWORD);
        SignedIn ito = accounts.signIn("i.ito", PASSWORD);
        accounts.disable(admin, "i.ito");
        AccountException e = assertThrows(AccountException.class, () -> accounts.signIn("i.ito", PASSWORD));
        assertEquals("The account 'i.ito' is disabled. Ask a supervisor to re-enable it.", e.getMessage());
        // a session from before the account was disabled cannot sign with it either
        assertThrows(AccountException.class, () -> accounts.sign(ito, PASSWORD, "reviewed", "shift report"));
        accounts.enable(admin, "i.ito");
        assertEquals("i.ito", accounts.signIn("i.ito", PASSWORD).operator().id());
    }

    @Test
    void weakPasswordsAreRefusedWithTheRuleTheyBreak() throws Exception {
        SignedIn admin = accounts.createFirstSupervisor("admin", "Mei Tanaka", ADMIN_PASSWORD);
        AccountException e = assertThrows(AccountException.class,
                () -> accounts.create(admin, "q.lee", "Quinn Lee", Role.QA_ENGINEER, "short1".toCharArray()));
        assertTrue(e.getMessage().contains("use at least 10"), e.getMessage());
        assertTrue(store.find("q.lee").isEmpty());
        assertThrows(AccountException.class,
                () -> accounts.createFirstSupervisor("x", "X", "aaaaaaaaaaaa".toCharArray()));
    }

    @Test
    void onlySupervisorsManageAccounts() throws Exception {
        SignedIn admin = accounts.createFirstSupervisor("admin", "Mei Tanaka", ADMIN_PASSWORD);
        accounts.create(admin, "q.lee", "Quinn Lee", Role.QA_ENGINEER, PASSWORD);
        accounts.create(admin, "i.ito", "Ichiro Ito", Role.INSPECTOR, PASSWORD);
        SignedIn qa = accounts.signIn("q.lee", PASSWORD);
        SignedIn inspector = accounts.signIn("i.ito", PASSWORD);
        PermissionDeniedException denied = assertThrows(PermissionDeniedException.class,
                () -> accounts.create(qa, "x.new", "New Person", Role.SUPERVISOR, PASSWORD));
        assertEquals("Quinn Lee (q.lee, qa_engineer) may not manage accounts: only supervisor may. Ask one to sign in.",
                denied.getMessage());
        assertThrows(PermissionDeniedException.class, () -> accounts.changeRole(inspector, "i.ito", Role.SUPERVISOR));
        assertThrows(PermissionDeniedException.class, () -> accounts.disable(qa, "i.ito"));
        assertThrows(PermissionDeniedException.class, () -> accounts.list(inspector));
        assertEquals(Role.INSPECTOR, store.find("i.ito").orElseThrow().operator().role());
        assertEquals(3, accounts.list(admin).size());
    }

    @Test
    void theLastActiveSupervisorCannotBeDisabledOrDemoted() throws Exception {
        SignedIn admin = accounts.createFirstSupervisor("admin", "Mei Tanaka", ADMIN_PASSWORD);
        AccountException disable = assertThrows(AccountException.class, () -> accounts.disable(admin, "admin"));
        assertTrue(disable.getMessage().contains("is the last active supervisor"), disable.getMessage());
        assertThrows(AccountException.class, () -> accounts.changeRole(admin, "admin", Role.INSPECTOR));
        accounts.create(admin, "s.mori", "Sora Mori", Role.SUPERVISOR, PASSWORD);
        accounts.changeRole(admin, "admin", Role.QA_ENGINEER);
        assertEquals(Role.QA_ENGINEER, store.find("admin").orElseThrow().operator().role());
        // the demoted supervisor's session no longer manages accounts: the role is checked as it is now
        assertThrows(PermissionDeniedException.class, () -> accounts.disable(admin, "s.mori"));
    }

    @Test
    void everyAccountChangeAndSignatureIsAnAuditEventAndTheChainVerifies() throws Exception {
        SignedIn admin = accounts.createFirstSupervisor("admin", "Mei Tanaka", ADMIN_PASSWORD);
        accounts.create(admin, "q.lee", "Quinn Lee", Role.INSPECTOR, PASSWORD);
        accounts.changeRole(admin, "q.lee", Role.QA_ENGINEER);
        accounts.disable(admin, "q.lee");
        accounts.enable(admin, "q.lee");
        accounts.resetPassword(admin, "q.lee", "another pass 8".toCharArray());
        assertThrows(AccountException.class, () -> accounts.signIn("q.lee", WRONG)); // counters only: no event
        Signature signed = accounts.sign(admin, ADMIN_PASSWORD, "approved", "prompt profile bottle v3");
        List<AccountStore.Event> events = store.history();
        assertEquals(List.of("user.created", "user.created", "user.role_changed", "user.disabled", "user.enabled",
                "user.password_changed", "signature.recorded"), events.stream().map(AccountStore.Event::type).toList());
        assertTrue(events.get(0).actor().contains("first-run setup"), events.get(0).actor());
        assertEquals("Mei Tanaka (admin, supervisor)", events.get(2).actor());
        assertEquals(signed.id(), events.get(6).entityId());
        try (InspectionStore inspections = InspectionStore.open(database, home.resolve("images"),
                home.resolve("audit").resolve("head.log"), "station-a")) {
            VerifyResult result = inspections.auditTrail().verify();
            assertTrue(result.ok(), result.reason());
            assertEquals(7, result.checkedCount());
        }
    }

    @Test
    void verifyBreaksWhenAnAccountOrSignatureIsEditedBehindTheApplicationsBack() throws Exception {
        SignedIn admin = accounts.createFirstSupervisor("admin", "Mei Tanaka", ADMIN_PASSWORD);
        accounts.create(admin, "a.sato", "Aiko Sato", Role.INSPECTOR, PASSWORD);
        accounts.changeRole(admin, "a.sato", Role.QA_ENGINEER);
        accounts.sign(admin, ADMIN_PASSWORD, "published", "recipe bottle v2");
        assertThrows(AccountException.class, () -> accounts.signIn("a.sato", WRONG)); // counters are not audited
        assertTrue(verify().ok(), verify().reason());
        String hash = store.find("a.sato").orElseThrow().passwordHash();
        List<String[]> attacks = List.of(
                new String[] {"UPDATE accounts SET role = 'SUPERVISOR' WHERE login = 'a.sato'",
                        "UPDATE accounts SET role = 'QA_ENGINEER' WHERE login = 'a.sato'",
                        "account 2 no longer matches its last audit event"},
                new String[] {"UPDATE accounts SET password_hash = (SELECT password_hash FROM accounts WHERE login = 'admin')"
                        + " WHERE login = 'a.sato'", "UPDATE accounts SET password_hash = '" + hash + "' WHERE login = 'a.sato'",
                        "account 2 no longer matches its last audit event"},
                new String[] {"UPDATE signatures SET subject = 'recipe bottle v3'",
                        "UPDATE signatures SET subject = 'recipe bottle v2'", "signature.recorded, id 1"},
                new String[] {"INSERT INTO accounts(login, display_name, role, password_hash, active, failed_attempts,"
                        + " created_at, changed_at) SELECT 'x.forged', 'Forged', 'SUPERVISOR', password_hash, TRUE, 0,"
                        + " created_at, changed_at FROM accounts WHERE login = 'admin'",
                        "DELETE FROM accounts WHERE login = 'x.forged'", "has no audit event"});
        for (String[] attack : attacks) {
            sql(attack[0]);
            VerifyResult broken = verify();
            assertFalse(broken.ok(), attack[0]);
            assertTrue(broken.reason().contains(attack[2]), broken.reason());
            sql(attack[1]);
            assertTrue(verify().ok(), "undone: " + verify().reason());
        }
    }

    private void sql(String statement) throws Exception {
        try (java.sql.Connection c = database.connect(); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate(statement);
        }
    }

    private VerifyResult verify() throws Exception {
        try (InspectionStore inspections = InspectionStore.open(database, home.resolve("images"),
                home.resolve("audit").resolve("head.log"), "station-a")) {
            return inspections.auditTrail().verify();
        }
    }

    @Test
    void aSignatureReChecksThePasswordAndRecordsWhoWhenAndMeaning() throws Exception {
        SignedIn admin = accounts.createFirstSupervisor("admin", "Mei Tanaka", ADMIN_PASSWORD);
        AccountException wrong = assertThrows(AccountException.class,
                () -> accounts.sign(admin, WRONG, "closed", "review of shift 2026-03-01 night"));
        assertTrue(wrong.getMessage().startsWith("Wrong password for 'admin'"), wrong.getMessage());
        assertTrue(store.signatures().isEmpty());
        clock.advance(Duration.ofMinutes(3));
        Signature s = accounts.sign(admin, ADMIN_PASSWORD, "closed", "review of shift 2026-03-01 night");
        AccountStore.SignatureRow row = store.signatures().get(0);
        assertEquals(s.id(), row.id());
        assertEquals("admin", row.signer().id());
        assertEquals("closed", row.meaning());
        assertEquals("review of shift 2026-03-01 night", row.subject());
        assertEquals(Instant.parse("2026-03-02T06:03:00Z"), row.signedAt());
    }

    @Test
    void changingOnesOwnPasswordNeedsTheCurrentOne() throws Exception {
        SignedIn admin = accounts.createFirstSupervisor("admin", "Mei Tanaka", ADMIN_PASSWORD);
        char[] next = "Harbour-lights-7".toCharArray();
        assertThrows(AccountException.class, () -> accounts.changeOwnPassword(admin, WRONG, next));
        accounts.changeOwnPassword(admin, ADMIN_PASSWORD, next);
        assertEquals("admin", accounts.signIn("admin", next).operator().id());
        assertThrows(AccountException.class, () -> accounts.signIn("admin", ADMIN_PASSWORD));
    }
}

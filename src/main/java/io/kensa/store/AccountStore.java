package io.kensa.store;

import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.util.Hashes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The station's accounts and signatures (V006). Every change a person makes — an account created, disabled or
 * re-enabled, a role or password changed — and every signature is an audit event in the same transaction; the
 * sign-in counters (failed attempts, lock) change on every attempt and are not audited. Rules (who may, password
 * quality, lockout) belong to the caller: this class only stores.
 */
public final class AccountStore {
    static final String CREATED = "user.created";
    static final String DISABLED = "user.disabled";
    static final String ENABLED = "user.enabled";
    static final String ROLE_CHANGED = "user.role_changed";
    static final String PASSWORD_CHANGED = "user.password_changed";
    static final String SIGNATURE = "signature.recorded";

    private static final String COLUMNS = "id, login, display_name, role, password_hash, active, failed_attempts, "
            + "locked_until, created_at, changed_at";
    private static final String[] ID_COLUMN = {"id"};

    /**
     * One account as stored.
     *
     * @param passwordHash   the encoded hash with its parameters ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash})
     * @param failedAttempts failed sign-ins since the last successful one
     * @param lockedUntil    sign-in refused until then
     */
    public record Account(long id, Operator operator, String passwordHash, boolean active, int failedAttempts,
                          Optional<Instant> lockedUntil, Instant createdAt, Instant changedAt) {
        public String login() {
            return operator.id();
        }
    }

    /** A recorded signature: who signed what, when, meaning what. */
    public record SignatureRow(long id, long accountId, Operator signer, String meaning, String subject, Instant signedAt) {}

    /** One audit event about an account or a signature. */
    public record Event(long seq, String type, long entityId, Instant at, String actor) {}

    private final Database database;
    private final Path dataFolder;
    /** The events of the write in progress, noted in the head log once it is committed (writes are serialised). */
    private final List<AuditCheckpoint> appended = new ArrayList<>();

    /**
     * The accounts in {@code database}, changed by the station whose data folder is {@code dataFolder}: its key
     * ({@link StationKey#in}) signs each account event and its head log ({@link AuditTrail#headLogIn}) notes it.
     */
    public AccountStore(Database database, Path dataFolder) {
        this.database = database;
        this.dataFolder = dataFolder.toAbsolutePath();
    }

    /** True while no account exists (first start: the first supervisor may be created without signing in). */
    public boolean isEmpty() throws StoreException {
        return read("count the accounts in", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM accounts");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        });
    }

    public Optional<Account> find(String login) throws StoreException {
        return read("read account '" + login + "' from", c -> find(c, login));
    }

    /** Every account, by login. */
    public List<Account> all() throws StoreException {
        return read("list the accounts in", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM accounts ORDER BY login")) {
                return Rows.list(ps, AccountStore::account);
            }
        });
    }

    /**
     * Adds an account (event {@code user.created}, by {@code actor}).
     *
     * @param onlyIfNone refuse unless the table is empty (the first supervisor, created without signing in)
     */
    public Account create(Operator operator, String passwordHash, Instant at, String actor, boolean onlyIfNone)
            throws StoreException {
        Instant now = Rows.micros(at);
        return write("create account '" + operator.id() + "' in", c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT last_seq FROM audit_head WHERE id = 1 FOR UPDATE");
                 ResultSet rs = lock.executeQuery()) {
                rs.next(); // serialises creators, so two first-run setups cannot both see an empty table
            }
            if (onlyIfNone && count(c) > 0) {
                throw new StoreException("An account exists already, so the first supervisor cannot be created this way:"
                        + " ask a supervisor to create your account.");
            }
            if (find(c, operator.id()).isPresent()) {
                throw new StoreException("An account '" + operator.id() + "' exists already (perhaps disabled): choose"
                        + " another id, or re-enable that account.");
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO accounts(login, display_name, role, "
                    + "password_hash, active, failed_attempts, locked_until, created_at, changed_at) "
                    + "VALUES (?,?,?,?,?,0,NULL,?,?)", ID_COLUMN)) {
                ps.setString(1, operator.id());
                ps.setString(2, operator.name());
                ps.setString(3, operator.role().name());
                ps.setString(4, passwordHash);
                ps.setBoolean(5, true);
                Rows.setTime(ps, 6, now);
                Rows.setTime(ps, 7, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            return audited(c, CREATED, id, now, actor);
        });
    }

    /** Disables ({@code user.disabled}) or re-enables ({@code user.enabled}) an account; accounts are never deleted. */
    public Account setActive(String login, boolean active, Instant at, String actor) throws StoreException {
        return change(login, active ? ENABLED : DISABLED, "active = ?, failed_attempts = 0, locked_until = NULL",
                ps -> ps.setBoolean(1, active), at, actor);
    }

    public Account setRole(String login, Role role, Instant at, String actor) throws StoreException {
        return change(login, ROLE_CHANGED, "role = ?", ps -> ps.setString(1, role.name()), at, actor);
    }

    /** A new password hash; also clears a lock (a supervisor's reset is how a locked-out person gets back in). */
    public Account setPassword(String login, String passwordHash, Instant at, String actor) throws StoreException {
        return change(login, PASSWORD_CHANGED, "password_hash = ?, failed_attempts = 0, locked_until = NULL",
                ps -> ps.setString(1, passwordHash), at, actor);
    }

    /** Records a failed sign-in: the new count and, once the limit is reached, the end of the lock. */
    public void recordFailure(long accountId, int failedAttempts, Optional<Instant> lockedUntil) throws StoreException {
        write("record a failed sign-in in", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE accounts SET failed_attempts = ?, locked_until = ? WHERE id = ?")) {
                ps.setInt(1, failedAttempts);
                if (lockedUntil.isPresent()) {
                    Rows.setTime(ps, 2, Rows.micros(lockedUntil.get()));
                } else {
                    ps.setNull(2, Types.TIMESTAMP_WITH_TIMEZONE);
                }
                ps.setLong(3, accountId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** A successful sign-in clears the failure count and any expired lock. */
    public void recordSuccess(long accountId) throws StoreException {
        write("record a sign-in in", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE accounts SET failed_attempts = 0, locked_until = NULL WHERE id = ?")) {
                ps.setLong(1, accountId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Stores a signature and its {@code signature.recorded} event (actor: the signer). */
    public SignatureRow recordSignature(Account signer, String meaning, String subject, Instant at) throws StoreException {
        Instant now = Rows.micros(at);
        Operator who = signer.operator();
        return write("record the signature in", c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO signatures(account_id, operator_id, operator_name,"
                    + " operator_role, meaning, subject, signed_at) VALUES (?,?,?,?,?,?,?)", ID_COLUMN)) {
                ps.setLong(1, signer.id());
                ps.setString(2, who.id());
                ps.setString(3, who.name());
                ps.setString(4, who.role().name());
                ps.setString(5, meaning);
                ps.setString(6, subject);
                Rows.setTime(ps, 7, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            SignatureRow row = new SignatureRow(id, signer.id(), who, meaning, subject, now);
            append(c, SIGNATURE, id, now, who.label(), signatureContent(row));
            return row;
        });
    }

    private static final String SIGNATURE_COLUMNS = "id, account_id, operator_id, operator_name, operator_role, meaning,"
            + " subject, signed_at";

    /** Every signature, oldest first. */
    public List<SignatureRow> signatures() throws StoreException {
        return read("list the signatures in", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SIGNATURE_COLUMNS + " FROM signatures ORDER BY id")) {
                return Rows.list(ps, AccountStore::signature);
            }
        });
    }

    private static SignatureRow signature(ResultSet rs) throws SQLException {
        return new SignatureRow(rs.getLong("id"), rs.getLong("account_id"),
                new Operator(rs.getString("operator_id"), rs.getString("operator_name"),
                        Role.valueOf(rs.getString("operator_role"))),
                rs.getString("meaning"), rs.getString("subject"), Rows.time(rs, "signed_at"));
    }

    // ---- for verify (read-only, inside its snapshot)

    /** True when the database has the account tables (V008); an older one has no accounts to check. */
    static boolean hasAccounts(Connection c) throws SQLException {
        try (ResultSet tables = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                if (tables.getString("TABLE_NAME").equalsIgnoreCase("accounts")) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The audited content of account {@code id} as its row is now; empty when the row is gone. */
    static Optional<String> accountContent(Connection c, long id) throws SQLException {
        return Rows.one(c, "SELECT " + COLUMNS + " FROM accounts WHERE id = ?", id, AccountStore::account)
                .map(AccountStore::accountContent);
    }

    /** The audited content of signature {@code id} as its row is now; empty when the row is gone. */
    static Optional<String> signatureContent(Connection c, long id) throws SQLException {
        return Rows.one(c, "SELECT " + SIGNATURE_COLUMNS + " FROM signatures WHERE id = ?", id, AccountStore::signature)
                .map(AccountStore::signatureContent);
    }

    /** The ids of every account and of every signature row, for rows without an event. */
    static List<Long> ids(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " ORDER BY id")) {
            return Rows.list(ps, rs -> rs.getLong(1));
        }
    }

    /** The audit events of accounts and signatures ({@code user.*}, {@code signature.recorded}), oldest first. */
    public List<Event> history() throws StoreException {
        return read("read the account history in", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, event_type, entity_id, occurred_at, actor "
                    + "FROM audit_events WHERE event_type LIKE 'user.%' OR event_type = ? ORDER BY seq")) {
                ps.setString(1, SIGNATURE);
                return Rows.list(ps, rs -> new Event(rs.getLong("seq"), rs.getString("event_type"),
                        rs.getLong("entity_id"), Rows.time(rs, "occurred_at"), rs.getString("actor")));
            }
        });
    }

    /**
     * The audited content of an account: who it is, its role, whether it is active and its password hash's sha256
     * (so a password changed behind the application's back shows), never the sign-in counters.
     */
    static String accountContent(Account a) {
        return new Canonical().add("table", "accounts").add("id", a.id()).add("login", a.login())
                .add("display_name", a.operator().name()).add("role", a.operator().role().name())
                .add("password_hash_sha256", Hashes.sha256Hex(a.passwordHash()))
                .add("active", a.active()).add("created_at", a.createdAt()).add("changed_at", a.changedAt()).sha256();
    }

    static String signatureContent(SignatureRow s) {
        return new Canonical().add("table", "signatures").add("id", s.id()).add("account_id", s.accountId())
                .add("operator_id", s.signer().id()).add("operator_name", s.signer().name())
                .add("operator_role", s.signer().role().name()).add("meaning", s.meaning())
                .add("subject", s.subject()).add("signed_at", s.signedAt()).sha256();
    }

    // ---- helpers

    private interface Setter {
        void set(PreparedStatement ps) throws SQLException;
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException, StoreException;
    }

    private Account change(String login, String event, String assignments, Setter setter, Instant at, String actor)
            throws StoreException {
        Instant now = Rows.micros(at);
        return write("change account '" + login + "' in", c -> {
            Account before = find(c, login).orElseThrow(() -> new StoreException("There is no account '" + login
                    + "'. Check the id (kensa users list shows every account)."));
            try (PreparedStatement ps = c.prepareStatement("UPDATE accounts SET " + assignments + ", changed_at = ? "
                    + "WHERE id = ?")) {
                setter.set(ps); // each change assigns one value: parameter 1
                Rows.setTime(ps, 2, now);
                ps.setLong(3, before.id());
                ps.executeUpdate();
            }
            return audited(c, event, before.id(), now, actor);
        });
    }

    private Account audited(Connection c, String event, long id, Instant at, String actor) throws SQLException, StoreException {
        Account stored = Rows.one(c, "SELECT " + COLUMNS + " FROM accounts WHERE id = ?", id, AccountStore::account)
                .orElseThrow(() -> new SQLException("account " + id + " vanished while it was written"));
        append(c, event, id, at, actor, accountContent(stored));
        return stored;
    }

    private static Optional<Account> find(Connection c, String login) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM accounts WHERE login = ?")) {
            ps.setString(1, login.strip());
            List<Account> found = Rows.list(ps, AccountStore::account);
            return found.stream().findFirst();
        }
    }

    private static long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM accounts"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Account account(ResultSet rs) throws SQLException {
        Optional<Instant> locked = rs.getObject("locked_until") == null ? Optional.empty()
                : Optional.of(Rows.time(rs, "locked_until"));
        return new Account(rs.getLong("id"), new Operator(rs.getString("login"), rs.getString("display_name"),
                Role.valueOf(rs.getString("role"))), rs.getString("password_hash"), rs.getBoolean("active"),
                rs.getInt("failed_attempts"), locked, Rows.time(rs, "created_at"), Rows.time(rs, "changed_at"));
    }

    private <T> T read(String action, Work<T> work) throws StoreException {
        try (Connection c = database.connect()) {
            c.setReadOnly(true);
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(StoreErrors.explain(action, e, database.describe()), e);
        }
    }

    private void append(Connection c, String type, long id, Instant at, String actor, String contentSha)
            throws SQLException, StoreException {
        appended.add(audit().append(c, type, id, at, actor, contentSha));
    }

    private AuditTrail audit() throws StoreException {
        return new AuditTrail(database, Optional.empty(), StationKey.openOrCreate(StationKey.in(dataFolder)));
    }

    private synchronized <T> T write(String action, Work<T> work) throws StoreException {
        appended.clear();
        T result;
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                result = work.run(c);
                c.commit();
            } catch (SQLException | StoreException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            if (!appended.isEmpty()) {
                HeadLog.noteCommitted(c, database, dataFolder, appended, "The account change was recorded",
                        "do not repeat the change");
            }
        } catch (SQLException e) {
            throw new StoreException(StoreErrors.explain(action, e, database.describe()), e);
        }
        return result;
    }
}

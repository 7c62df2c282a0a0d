package io.kensa.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A database stall for {@code kensa bench soak}: a second connection locks the audit head row (which every write
 * takes) and holds it, as a long report query or a stuck session at the plant would.
 */
public final class TableLock {
    private TableLock() {}

    /** Holds the lock for {@code duration} on the calling thread, then rolls back. */
    public static void holdAuditHead(Database database, Duration duration) throws StoreException, InterruptedException {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM audit_head WHERE id = 1 FOR UPDATE");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                Thread.sleep(duration.toMillis());
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException("Could not lock the audit head to stall the database: " + e.getMessage(), e);
        }
    }
}

package io.kensa.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM writes 1,000 decisions through the real API and is killed with SIGKILL in the middle of the burst.
 * Every decision it acknowledged must be in the database afterwards, and the audit chain must still verify.
 * (Without {@code WRITE_DELAY=0} in the H2 URL this test loses acknowledged decisions: H2 then keeps commits in
 * memory for up to 500 ms.)
 */
class CrashDurabilityTest {
    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(InspectionStore.Durability.class)
    void everyAcknowledgedDecisionSurvivesKillDashNine(InspectionStore.Durability durability) throws Exception {
        Process child = StoreChild.command("burst", home.toString(), "1000", durability.name()).start();
        List<Long> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ERROR")) {
                    throw new AssertionError("child could not record: " + line);
                }
                if (line.startsWith("ACK ")) {
                    acknowledged.add(Long.parseLong(line.substring(4)));
                    if (acknowledged.size() == 300) {
                        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no H2 close
                        break;
                    }
                }
            }
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        assertEquals(300, acknowledged.size(), "the child must have been killed mid-burst");

        try (Database db = Database.openFile(home.resolve("db"))) {
            try (Connection c = db.connect();
                 PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM decisions WHERE id = ?")) {
                for (long id : acknowledged) {
                    ps.setLong(1, id);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        assertEquals(1, rs.getInt(1), "acknowledged decision " + id + " was lost");
                    }
                }
            }
            VerifyResult result = StoreFixtures.audit(db, home, java.util.Optional.empty()).verify();
            assertTrue(result.ok(), result.reason());
            assertTrue(result.checkedCount() >= 301, "inspection + acknowledged decisions: " + result.checkedCount());
            try (InspectionStore store = InspectionStore.open(db, home.resolve("images"), "after-crash")) {
                store.recordInspection(StoreFixtures.inspection(StoreFixtures.demoImage("good", 1), 2, java.time.Instant.now()));
                assertTrue(store.auditTrail().verify().ok(), "recording continues on the same chain");
            }
        }
    }
}

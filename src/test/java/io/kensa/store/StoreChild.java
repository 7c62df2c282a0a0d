package io.kensa.store;

import io.kensa.model.Decision;
import io.kensa.model.DecisionInput;
import io.kensa.model.InspectionId;
import io.kensa.model.Severity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A second JVM for reliability tests, on the real code path.
 * {@code burst <home> <n> <durability>}: records one inspection, then n decisions, printing {@code ACK <id>} after
 * each returns.
 * {@code hold <home>}: opens the store, prints {@code READY}, and keeps it open until stdin closes.
 */
public final class StoreChild {
    private StoreChild() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[1]);
        try (Database db = Database.openFile(home.resolve("db"));
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), "child-station",
                     args.length > 3 ? InspectionStore.Durability.valueOf(args[3]) : InspectionStore.Durability.POWER_LOSS,
                     java.time.Clock.systemUTC())) {
            if (args[0].equals("hold")) {
                System.out.println("READY");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the parent to close our stdin
                }
                return;
            }
            InspectionId id = store.recordInspection(
                    StoreFixtures.inspection(StoreFixtures.demoImage("good", 0), 1, Instant.now()));
            int n = Integer.parseInt(args[2]);
            for (int i = 0; i < n; i++) {
                Decision d = store.recordDecision(id, DecisionInput.override(i % 2 == 0 ? "normal" : "contamination",
                        Severity.MINOR, "burst " + i, StoreFixtures.ALICE, Optional.empty()));
                System.out.println("ACK " + d.id().value());
                System.out.flush();
            }
            System.out.println("DONE");
        } catch (StoreException e) {
            System.out.println("ERROR " + e.getMessage());
        }
    }

    /** A command line that runs this class in a new JVM with the test classpath. */
    static ProcessBuilder command(String... args) {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-Dkensa.resources=" + System.getProperty("kensa.resources", "resources"));
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(StoreChild.class.getName());
        cmd.addAll(java.util.List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    }
}

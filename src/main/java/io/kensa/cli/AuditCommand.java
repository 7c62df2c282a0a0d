package io.kensa.cli;

import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import io.kensa.store.StoreException;
import io.kensa.store.VerifyResult;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kensa audit …}: the append-only audit trail. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Check the append-only audit trail.",
        subcommands = AuditCommand.Verify.class)
public final class AuditCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** {@code kensa audit verify}: exit 0 and the event count when the chain holds, else 1 and the first broken link. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Walk the hash chain and check every recorded row against its event. "
                    + "Exit code 0 when intact, 1 when a row or event was changed or removed.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @picocli.CommandLine.Option(names = "--images",
                description = "Also check that every inspection's image file is present and unchanged.")
        boolean images;

        @Override
        public Integer call() throws StoreException {
            try (Database db = store.open(); InspectionStore reading = InspectionStore.openForReading(db, store.images())) {
                System.err.println("Verifying the audit trail of " + db.describe() + " …");
                VerifyResult result = reading.auditTrail().verify();
                if (result.ok() && images) {
                    java.util.List<String> problems = reading.checkImages(20);
                    if (!problems.isEmpty()) {
                        System.out.println("BROKEN images: " + problems.size() + (problems.size() == 20 ? "+" : "")
                                + " image file(s) missing or changed (the database rows are intact):");
                        problems.forEach(p -> System.out.println("  " + p));
                        return 1;
                    }
                }
                if (result.ok()) {
                    System.out.println("OK: " + result.checkedCount() + " events verified"
                            + (images ? ", image files present and unchanged" : "") + "; head hash " + result.headHash());
                    return 0;
                }
                System.out.println("BROKEN" + result.firstBrokenEventId().map(id -> " at event " + id).orElse("")
                        + ": " + result.reason());
                System.out.println(result.checkedCount() + " events before it verified.");
                return 1;
            }
        }
    }
}

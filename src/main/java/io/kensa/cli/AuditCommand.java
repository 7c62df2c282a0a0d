package io.kensa.cli;

import io.kensa.store.AuditCheckpoint;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import io.kensa.store.StoreException;
import io.kensa.store.VerifyResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
            description = "Walk the hash chain and check every recorded row against its event, the chain's end against "
                    + "the station's head log (<data folder>/audit/head.log) and any --expect checkpoints. Prints the "
                    + "head as SEQ:HASH to note outside the database. Exit code 0 when intact, 1 when a row or event "
                    + "was changed or removed.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--images", description = "Also check that every inspection's image file is present and unchanged.")
        boolean images;

        @Option(names = "--expect", paramLabel = "SEQ:HASH",
                description = "A head printed by an earlier verify (repeatable): fails if that event is gone or its hash differs.")
        List<String> expect = new ArrayList<>();

        @Option(names = "--head-log", paramLabel = "FILE", description = "Head log to compare with (default: the data "
                + "folder's audit/head.log, unless --jdbc-url names another database).")
        Path headLog;

        @Override
        public Integer call() throws StoreException {
            List<AuditCheckpoint> expected = expect.stream().map(AuditCheckpoint::parse).toList();
            Optional<Path> log = headLog != null ? Optional.of(headLog) : store.headLog();
            try (Database db = store.openExisting();
                 InspectionStore reading = log.isPresent() ? InspectionStore.openForReading(db, store.images(), log.get())
                         : InspectionStore.openForReading(db, store.images())) {
                System.err.println("Verifying the audit trail of " + db.describe() + " …");
                VerifyResult result = reading.auditTrail().verify(expected);
                if (result.ok() && images) {
                    List<String> problems = reading.checkImages(20);
                    if (!problems.isEmpty()) {
                        System.out.println("BROKEN images: " + problems.size() + (problems.size() == 20 ? "+" : "")
                                + " image file(s) missing or changed (the database rows are intact):");
                        problems.forEach(p -> System.out.println("  " + p));
                        return 1;
                    }
                }
                if (result.ok()) {
                    System.out.println("OK: " + result.checkedCount() + " events verified"
                            + (images ? ", image files present and unchanged" : "") + "; head " + result.head());
                    result.compared().forEach(c -> System.out.println("  checked: " + c));
                    if (result.checkedCount() == 0) {
                        System.out.println("WARNING: 0 events verified: nothing was ever recorded in " + db.describe()
                                + ". If this station has recorded, this is not its database: check "
                                + store.describeSource() + ".");
                    }
                    return 0;
                }
                System.out.println("BROKEN" + result.firstBrokenEventId().map(id -> " at event " + id).orElse("")
                        + ": " + result.reason());
                System.out.println(result.checkedCount() + " events before it verified; the database's head row says "
                        + result.head() + ".");
                return 1;
            }
        }
    }
}

package io.kensa.cli;

import io.kensa.store.AuditCheckpoint;
import io.kensa.store.AuditTrail;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import io.kensa.store.StationKey;
import io.kensa.store.StoreException;
import io.kensa.store.VerifyResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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
            description = "Walk the hash chain in one read-only snapshot (no migration, no write: a SELECT-only "
                    + "database role can run it), check each event's MAC with the station keys given, every recorded "
                    + "row against its event, every line of the station's head log (<data folder>/audit/head.log) "
                    + "against the chain, and any --expect checkpoints. Prints the head as SEQ:HASH to note outside "
                    + "the database. Exit code 0 when intact, 1 when a row or event was changed, added or removed, or "
                    + "could not be checked.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Spec
        CommandSpec spec;

        @Option(names = "--images", description = "Also check that every inspection's image file is present and unchanged.")
        boolean images;

        @Option(names = "--expect", paramLabel = "SEQ:HASH",
                description = "A head printed by an earlier verify (repeatable): fails if that event is gone or its hash differs.")
        List<String> expect = new ArrayList<>();

        @Option(names = "--head-log", paramLabel = "FILE", description = "Head log to compare with (default: the data "
                + "folder's audit/head.log, unless --jdbc-url names another database).")
        Path headLog;

        @Option(names = "--no-head-log", description = "Check without a head log: a cut off the chain's end is then "
                + "found only by an --expect checkpoint.")
        boolean noHeadLog;

        @Option(names = "--key", paramLabel = "FILE", description = "Another station's key file (its <data folder>/"
                + "keys/station.key), to check the MACs of the events it recorded (repeatable). This data folder's own "
                + "key is always used.")
        List<Path> keys = new ArrayList<>();

        @Option(names = "--allow-unknown-keys", description = "Accept events signed by stations whose key was not "
                + "given (listed as not checked) instead of failing.")
        boolean allowUnknownKeys;

        @Override
        public Integer call() throws StoreException {
            List<AuditCheckpoint> expected = expect.stream().map(AuditCheckpoint::parse).toList();
            Optional<Path> log = headLog(store.headLog());
            Optional<StationKey> own = Files.exists(StationKey.in(store.home().root()))
                    ? Optional.of(StationKey.load(StationKey.in(store.home().root()))) : Optional.empty();
            List<StationKey> others = new ArrayList<>();
            for (Path key : keys) {
                others.add(StationKey.load(key));
            }
            try (Database db = store.openForAudit()) {
                System.err.println("Verifying the audit trail of " + db.describe() + " …");
                VerifyResult result = AuditTrail.forAudit(db, log, own, others).verify(expected, allowUnknownKeys);
                if (result.ok() && images) {
                    List<String> problems;
                    try (InspectionStore reading = InspectionStore.openForReading(db, store.images())) {
                        problems = reading.checkImages(20);
                    }
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
                    result.notes().forEach(n -> System.out.println("  note: " + n));
                    if (log.isEmpty()) {
                        System.out.println("  note: no head log compared (--no-head-log): a cut off the chain's end "
                                + "is found only by --expect");
                    }
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
                result.notes().forEach(n -> System.out.println("  note: " + n));
                return 1;
            }
        }

        /** The head log to compare: --head-log, else the data folder's; none only when the user says so. */
        private Optional<Path> headLog(Optional<Path> dataFolders) {
            if (noHeadLog && headLog != null) {
                throw new ParameterException(spec.commandLine(), "--head-log and --no-head-log contradict each other: "
                        + "give one of them.");
            }
            if (noHeadLog) {
                return Optional.empty();
            }
            if (headLog != null) {
                return Optional.of(headLog);
            }
            return Optional.of(dataFolders.orElseThrow(() -> new ParameterException(spec.commandLine(), "--jdbc-url "
                    + "names a database this data folder's head log may not belong to: give the recording station's "
                    + "head log with --head-log FILE, or check without one with --no-head-log.")));
        }
    }
}

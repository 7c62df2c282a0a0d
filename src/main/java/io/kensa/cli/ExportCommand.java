package io.kensa.cli;

import io.kensa.auth.AccountException;
import io.kensa.auth.SignedIn;
import io.kensa.store.Database;
import io.kensa.store.Exporter;
import io.kensa.store.InspectionStore;
import io.kensa.store.StoreException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kensa export}: inspections, explanations and decisions of a date range as a folder for QA. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export inspections with their explanations and decisions (CSV and/or JSON) for a date range "
                + "into a new folder, optionally with the images (supervisors: --user ID). Ctrl-C cancels and leaves"
                + " nothing behind.")
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Mixin
    UserOptions user = new UserOptions();

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "First day (yyyy-mm-dd, local time), inclusive.")
    LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last day (yyyy-mm-dd, local time), inclusive.")
    LocalDate to;

    @Option(names = "--format", split = ",", paramLabel = "csv|json", defaultValue = "csv,json",
            description = "csv, json or both (comma-separated; default both).")
    List<String> formats;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New folder to create.")
    Path out;

    @Option(names = "--with-images", description = "Copy the inspected images and anomaly maps into the folder.")
    boolean withImages;

    @Override
    public Integer call() throws StoreException, AccountException {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        EnumSet<Exporter.Format> chosen = EnumSet.noneOf(Exporter.Format.class);
        for (String f : formats) {
            try {
                chosen.add(Exporter.Format.valueOf(f.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--format " + f + " is not csv or json");
            }
        }
        ZoneId zone = ZoneId.systemDefault();
        Exporter.Request request = new Exporter.Request(from.atStartOfDay(zone).toInstant(),
                to.plusDays(1).atStartOfDay(zone).toInstant(), chosen, out, withImages);
        // the audit check in the manifest compares with the station's head log, as audit verify and the Review tab do
        Optional<Path> headLog = store.headLog();
        try (CtrlC ctrlC = new CtrlC("export-cancel");
             Database db = store.openExisting();
             InspectionStore reading = headLog.isPresent() ? InspectionStore.openForReading(db, store.images(), headLog.get())
                     : InspectionStore.openForReading(db, store.images())) {
            // records leave the station: only a signed-in account whose role may export runs this
            SignedIn by = user.signIn(UserOptions.accounts(db, store), "kensa export");
            Exporter.Summary s = new Exporter(reading).export(by.operator(), request, ExportCommand::progress,
                    ctrlC::pressed);
            System.err.println();
            System.out.println("Exported " + s.inspections() + " inspections, " + s.explanations() + " explanations, "
                    + s.decisions() + " decisions" + (withImages ? ", " + s.images() + " images" : "") + " to " + s.folder());
            s.imageWarning().ifPresent(w -> System.out.println("WARNING: " + w));
            if (!s.audit().ok()) {
                System.out.println("WARNING: the audit trail does not verify: " + s.audit().reason());
            }
            return 0;
        } catch (CancellationException e) {
            System.err.println();
            System.err.println("kensa: " + e.getMessage());
            return 1;
        }
    }

    private static void progress(long done, long total) {
        if (done == total || done % 50 == 0) {
            System.err.print("\rexport: " + done + " / " + total + " inspections");
            System.err.flush();
        }
    }
}

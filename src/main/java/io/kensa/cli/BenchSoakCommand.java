package io.kensa.cli;

import io.kensa.inspect.Soak;
import io.kensa.store.Folders;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kensa bench soak}: the live path at full speed under LLM, database, disk and model faults (see {@link Soak}). */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Replay at full speed under faults (a misbehaving local LLM server, database stalls, a full image"
                + " disk, NaN scores); print heap, threads, open files and resident memory at start and end, and check"
                + " that every flagged frame was decided or recorded as not recorded. Exit 1 when it was not.")
public final class BenchSoakCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--minutes", defaultValue = "1", description = "How long to feed frames (default ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--folder", paramLabel = "DIR", description = "An empty data folder for the run (default: a temp folder, deleted after).")
    Path folder;

    @Option(names = "--non-finite-every", defaultValue = "7", paramLabel = "N",
            description = "Every N-th frame gets a NaN score (0 = never; default ${DEFAULT-VALUE}).")
    int nonFiniteEvery;

    @Option(names = "--stall-every", defaultValue = "20", paramLabel = "S",
            description = "Seconds between database stalls (default ${DEFAULT-VALUE}).")
    int stallEverySeconds;

    @Option(names = "--stall", defaultValue = "4", paramLabel = "S",
            description = "Seconds each stall holds the audit head locked (0 = no stalls; default ${DEFAULT-VALUE}).")
    int stallSeconds;

    @Option(names = "--disk-mb", defaultValue = "64", paramLabel = "MB",
            description = "Size of the tmpfs mounted on the image folder and filled now and then (needs root; 0 = off;"
                    + " default ${DEFAULT-VALUE}).")
    int diskMegabytes;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path home = folder != null ? folder : Files.createTempDirectory("kensa-soak");
        try {
            Soak.Report r = Soak.run(new Soak.Options(Duration.ofMillis((long) (minutes * 60_000)), home, nonFiniteEvery,
                    Duration.ofSeconds(stallEverySeconds), Duration.ofSeconds(stallSeconds), diskMegabytes),
                    new StderrProgress(spec.commandLine().getErr()), () -> Thread.currentThread().isInterrupted());
            out.printf(Locale.ROOT, "ran           %.1f min, %d frames (%.1f/s), %d flagged, %d of them NaN scores%n",
                    r.ran().toMillis() / 60_000.0, r.frames(), r.frames() * 1000.0 / Math.max(1, r.ran().toMillis()),
                    r.flagged(), r.nonFinite());
            out.printf(Locale.ROOT, "faults        LLM %s; %d database stalls; %d full-disk phases (%s)%n",
                    r.llmFaults(), r.stalls(), r.diskFullPhases(), r.disk());
            out.printf(Locale.ROOT, "database      %d stored, %d recorded as not stored (%d flagged)%n",
                    r.inDb().recorded(), r.inDb().notRecorded(), r.inDb().flagged());
            out.printf(Locale.ROOT, "decisions     %d decided, %d stored but not queued (full queue), %d left undecided%n",
                    r.decided(), r.notQueued(), r.undecided());
            print(out, "start", r.start());
            print(out, "end", r.end());
            out.println(r.accounted() ? "accounted     yes: every flagged frame is in the database and every stored one decided or counted"
                    : "accounted     NO: flagged frames are missing from the database or were left undecided");
            return r.accounted() ? 0 : 1;
        } finally {
            if (folder == null) {
                Folders.deleteTree(home);
            }
        }
    }

    private static void print(PrintWriter out, String when, Soak.Resources r) {
        out.printf(Locale.ROOT, "%-13s heap %d MB, %d threads, %d open files, resident %d MB, NMT committed %s%n", when,
                r.heapUsedMb(), r.threads(), r.openFiles(), r.residentMb(),
                r.nmtCommittedMb() < 0 ? "off (run with -XX:NativeMemoryTracking=summary)" : r.nmtCommittedMb() + " MB");
    }
}

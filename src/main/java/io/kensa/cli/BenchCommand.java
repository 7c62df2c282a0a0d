package io.kensa.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kensa bench …}: measurements that print numbers (see docs/benchmarks.md). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure speed on this machine.",
        subcommands = {
                CaptureBenchCommand.class,
                BenchDetectCommand.class,
                BenchStoreCommand.class,
                BenchCamCommand.class,
                BenchReviewCommand.class,
                BenchSoakCommand.class,
        })
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

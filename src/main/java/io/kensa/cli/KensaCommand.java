package io.kensa.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kensa} command line. Without arguments {@code kensa} opens the workstation window instead. */
@Command(name = "kensa", mixinStandardHelpOptions = true, version = "Kensa 0.1.0",
        description = "Kensa inspection workstation. Run without arguments to open the window.",
        subcommands = {
                BenchCommand.class,
                ExplainCommand.class,
                TrainCommand.class,
                EvaluateCommand.class,
                AuditCommand.class,
                ExportCommand.class,
                PromptsCommand.class,
                CamCommand.class,
                ClassifyCommand.class,
                ReviewCommand.class,
                RecipeCommand.class,
                DoctorCommand.class,
                UsersCommand.class,
        })
public final class KensaCommand implements Runnable {

    /** Runs the command line and returns the exit code (errors are printed as one clear line, not a stack trace). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new KensaCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("kensa: " + CliErrors.describe(e));
            return 1;
        });
        return cli.execute(args);
    }

    /** True for {@code --help}, {@code -h}, {@code --version}, {@code -V} or {@code help} alone: nothing needs the engine. */
    public static boolean onlyHelp(String... args) {
        return args.length == 1 && java.util.Set.of("--help", "-h", "--version", "-V", "help").contains(args[0]);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

package io.kensa.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process command-line run with stdout and stderr captured; errors become one line, as {@link KensaCommand#run} prints them. */
record CliRun(int code, String out, String err) {

    /** {@code kensa ARGS…}. */
    static CliRun kensa(String... args) {
        return run(new KensaCommand(), args);
    }

    /** {@code ARGS…} given to {@code command} as the top-level command. */
    static CliRun run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println("kensa: " + CliErrors.describe(e));
            return 1;
        });
        return new CliRun(cli.execute(args), out.toString(), err.toString());
    }
}

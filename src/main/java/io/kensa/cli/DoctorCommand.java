package io.kensa.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kensa.config.KensaHome;
import io.kensa.inspect.Doctor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kensa doctor}: one line per check ({@code OK|WARN|FAIL  name  detail}) and, for a problem, an indented
 * "→ what to do" line; or {@code --json}. Exit code 1 when a check failed. Changes nothing on the station: the
 * database is read without being migrated, and the LLM key is never printed.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check this station: Java, JavaFX, the PyTorch engine and the device the detector, classifier "
                + "and Grad-CAM run on, cameras, the database's schema version, the LLM endpoint and disk space. "
                + "Changes nothing. Exit code 1 when a check fails.")
public final class DoctorCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR", description = "Data folder (default: KENSA_HOME or the per-user data folder).")
    Path home;

    @Option(names = "--json", description = "Print {\"ok\": …, \"checks\": [{\"name\", \"status\", \"detail\", \"fix\"}]}.")
    boolean json;

    @Option(names = "--skip-model", description = "Do not load the backbone (saves a few seconds; the device actually used is then not checked).")
    boolean skipModel;

    @Option(names = "--skip-cameras", description = "Do not look for USB and GigE Vision cameras.")
    boolean skipCameras;

    private final Map<String, String> env;

    public DoctorCommand() {
        this(System.getenv());
    }

    /** With a given environment (the LLM key, KENSA_LLM_BASE_URL and KENSA_DB_PASSWORD are read from it). */
    DoctorCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    record CheckJson(String name, String status, String detail, String fix) {}

    record ReportJson(boolean ok, List<CheckJson> checks) {}

    @Override
    public Integer call() throws Exception {
        KensaHome kensaHome = home == null ? KensaHome.resolve() : new KensaHome(home);
        Doctor.Options defaults = Doctor.Options.defaults();
        Doctor.Report report = new Doctor(kensaHome, env,
                new Doctor.Options(skipModel, skipCameras, defaults.minFreeBytes(), defaults.llmTimeout())).run();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JSON.writeValueAsString(new ReportJson(report.ok(), report.checks().stream()
                    .map(c -> new CheckJson(c.name(), c.status().name(), c.detail(), c.fix())).toList())));
        } else {
            out.println("Kensa doctor — data folder " + report.home());
            int width = report.checks().stream().mapToInt(c -> c.name().length()).max().orElse(0);
            for (Doctor.Check c : report.checks()) {
                out.println(String.format(Locale.ROOT, "%-4s  %-" + width + "s  %s", c.status(), c.name(), c.detail()));
                if (c.status() != Doctor.Status.OK && !c.fix().isEmpty()) {
                    out.println("      → " + c.fix());
                }
            }
            long failed = report.checks().stream().filter(c -> c.status() == Doctor.Status.FAIL).count();
            long warned = report.checks().stream().filter(c -> c.status() == Doctor.Status.WARN).count();
            out.println(failed > 0 ? failed + " check(s) failed, " + warned + " warning(s): fix the failures before inspecting."
                    : warned > 0 ? "No failures, " + warned + " warning(s)." : "All checks passed.");
        }
        out.flush();
        return report.ok() ? 0 : 1;
    }
}

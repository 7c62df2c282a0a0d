package io.kensa;

import io.kensa.capture.FrameSources;
import io.kensa.capture.gige.GigeVisionSource;
import io.kensa.cli.KensaCommand;
import io.kensa.config.OfflineDefaults;
import io.kensa.detect.NativeLogs;

/**
 * Entry point. With no arguments it opens the workstation window; otherwise it runs a CLI command.
 * (Deliberately not a JavaFX Application subclass: JavaFX 21 refuses to start from the classpath otherwise.)
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        OfflineDefaults.apply();
        FrameSources.register(GigeVisionSource.SCHEME, spec -> GigeVisionSource.fromSpec(spec.text()));
        if (args.length == 0) {
            NativeLogs.quiet();
            io.kensa.ui.Launcher.main(args);
            return;
        }
        if (!KensaCommand.onlyHelp(args)) {
            NativeLogs.quiet(); // starts the engine; libtorch's C++ warnings (NNPACK on CPUs without AVX2) stay quiet
        }
        System.exit(KensaCommand.run(args));
    }
}

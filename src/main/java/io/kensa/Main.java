package io.kensa;

import io.kensa.capture.FrameSources;
import io.kensa.capture.gige.GigeVisionSource;
import io.kensa.cli.KensaCommand;
import io.kensa.config.OfflineDefaults;

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
            io.kensa.ui.Launcher.main(args);
            return;
        }
        System.exit(KensaCommand.run(args));
    }
}

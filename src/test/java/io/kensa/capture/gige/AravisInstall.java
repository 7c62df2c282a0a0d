package io.kensa.capture.gige;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure libaravis and the fake camera tool are installed (CI starts as root on a fresh Debian machine):
 * installs {@code libaravis-0.8-0 aravis-tools} with apt-get when missing, or skips the test with the reason.
 */
public final class AravisInstall {
    static final String FAKE_GV_CAMERA = "arv-fake-gv-camera-0.8";
    private static Boolean installed;
    private static String reason = "";

    private AravisInstall() {}

    /** Installs Aravis when missing (CI runs as root) or skips the calling test with the reason. */
    public static synchronized void require() {
        if (installed == null) {
            installed = ensure();
        }
        assumeTrue(installed, () -> "Aravis is not available and could not be installed: " + reason);
    }

    private static boolean ensure() {
        if (present()) {
            return true;
        }
        List<String> install = List.of("apt-get", "install", "-y", "-q", "libaravis-0.8-0", "aravis-tools");
        if (run(install) || (run(List.of("apt-get", "update", "-q")) && run(install))) {
            return present();
        }
        return false;
    }

    private static boolean present() {
        if (!Aravis.isAvailable()) {
            reason = "libaravis-0.8 cannot be loaded";
            return false;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (new File(dir, FAKE_GV_CAMERA).canExecute()) {
                return true;
            }
        }
        reason = FAKE_GV_CAMERA + " is not on the PATH";
        return false;
    }

    private static boolean run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                reason = String.join(" ", command) + " timed out";
                return false;
            }
            if (p.exitValue() != 0) {
                reason = String.join(" ", command) + " failed with exit code " + p.exitValue() + " (not root?)";
                return false;
            }
            return true;
        } catch (IOException e) {
            reason = "cannot run " + command.get(0) + ": " + e.getMessage();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "interrupted";
            return false;
        }
    }
}

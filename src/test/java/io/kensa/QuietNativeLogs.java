package io.kensa;

import io.kensa.config.OfflineDefaults;
import io.kensa.detect.NativeLogs;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Test runs start as the application does: offline DJL and libtorch's C++ warnings off (see {@link NativeLogs}). */
public final class QuietNativeLogs implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        OfflineDefaults.apply();
        NativeLogs.quiet();
    }
}

package io.kensa.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KensaHomeTest {
    @TempDir
    Path dir;

    @Test
    void environmentVariableOverridesTheUserDataFolder() {
        KensaHome home = KensaHome.resolve(Map.of("KENSA_HOME", dir.toString()), "Linux", Path.of("/home/ann"));
        assertEquals(dir.toAbsolutePath(), home.root());
    }

    @Test
    void defaultsFollowEachOperatingSystemsConvention() {
        Path user = Path.of("/home/ann");
        assertEquals(Path.of("/home/ann/.local/share/kensa"), KensaHome.resolve(Map.of(), "Linux", user).root());
        assertEquals(Path.of("/xdg/kensa"), KensaHome.resolve(Map.of("XDG_DATA_HOME", "/xdg"), "Linux", user).root());
        assertEquals(Path.of("/home/ann/Library/Application Support/Kensa"), KensaHome.resolve(Map.of(), "Mac OS X", user).root());
        assertTrue(KensaHome.resolve(Map.of("LOCALAPPDATA", "/c/local"), "Windows 11", user).root().endsWith("Kensa"));
    }

    @Test
    void settingsSurviveASaveAndLoad() throws Exception {
        KensaHome home = new KensaHome(dir);
        Settings saved = Settings.empty().with(Settings.SOURCE, "folder:/tmp/x?fps=5").with("window.width", "1400");
        saved.save(home.settingsFile());
        Settings loaded = Settings.load(home.settingsFile());
        assertEquals("folder:/tmp/x?fps=5", loaded.get(Settings.SOURCE, ""));
        assertEquals(1400.0, loaded.getDouble("window.width", 0));
        assertEquals(Settings.empty(), Settings.load(dir.resolve("missing.properties")));
    }
}

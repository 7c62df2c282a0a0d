package io.kensa.detect;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps libtorch's C++ warnings ({@code [W… NNPACK.cpp:57] Could not initialize NNPACK! Reason: Unsupported
 * hardware.}, printed by {@code LOG(WARNING)} on every convolution of a CPU without AVX2) off the operator's
 * terminal. c10 only reads {@code TORCH_CPP_LOG_LEVEL} in {@code c10::initLogging()}, which PyTorch's Python module
 * calls and DJL does not, so the variable alone has no effect here; this sets the same c10 flag
 * ({@code FLAGS_caffe2_log_level}) in libc10 directly. Default ERROR: libtorch errors still print. A user who wants
 * the native warnings back sets {@code TORCH_CPP_LOG_LEVEL=WARNING} (or INFO).
 */
public final class NativeLogs {
    private static final Logger LOG = LoggerFactory.getLogger(NativeLogs.class);
    public static final String ENV = "TORCH_CPP_LOG_LEVEL";
    private static final String FLAG = "FLAGS_caffe2_log_level";
    private static final int ERROR = 2;
    private static NativeLibrary c10;

    private NativeLogs() {}

    /** Applies the level from {@code TORCH_CPP_LOG_LEVEL} (default ERROR); never fails start-up. */
    public static void quiet() {
        apply(System.getenv());
    }

    static Optional<Integer> apply(Map<String, String> env) {
        int level = level(env.get(ENV));
        try {
            c10().getGlobalVariableAddress(FLAG).setInt(0, level);
            return Optional.of(level);
        } catch (Throwable e) { // UnsatisfiedLinkError, a missing symbol, no libtorch: the engine reports those itself
            LOG.debug("libtorch's native log level was left as it is: {}", e.toString());
            return Optional.empty();
        }
    }

    /** INFO/WARNING/ERROR/FATAL or 0-3, as c10 reads it; anything else (or nothing) is ERROR. */
    static int level(String text) {
        if (text == null || text.isBlank()) {
            return ERROR;
        }
        return switch (text.strip().toUpperCase(Locale.ROOT)) {
            case "INFO", "0" -> 0;
            case "WARNING", "1" -> 1;
            case "FATAL", "3" -> 3;
            default -> ERROR;
        };
    }

    /**
     * libc10 as DJL loaded it (the same file, hence the same flag). Starting the engine here is what the first
     * detector, classifier or Grad-CAM load does anyway; DJL keeps one engine per process.
     */
    private static synchronized NativeLibrary c10() throws IOException {
        if (c10 == null) {
            c10 = load();
        }
        return c10;
    }

    private static NativeLibrary load() throws IOException {
        Engine.getEngine("PyTorch"); // loads libtorch once; Backbone and the rest get this same engine
        Path dir = Path.of(LibUtils.getLibtorchPath());
        try (Stream<Path> files = Files.list(dir)) {
            Path c10 = files.filter(p -> p.getFileName().toString().matches("(lib)?c10\\.(so|dylib|dll)")).findFirst()
                    .orElseThrow(() -> new IOException("no c10 library in " + dir));
            return NativeLibrary.getInstance(c10.toString());
        }
    }

    /** The level now in effect in libc10, when it can be read. */
    public static Optional<Integer> current() {
        try {
            return Optional.of(c10().getGlobalVariableAddress(FLAG).getInt(0));
        } catch (Throwable e) {
            return Optional.empty();
        }
    }
}

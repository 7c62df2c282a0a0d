package io.kensa.ui;

import io.kensa.capture.CaptureStats;
import io.kensa.capture.Frame;
import io.kensa.inspect.DetectorStats;
import io.kensa.llm.ExplainerStats;
import io.kensa.model.Operator;
import io.kensa.recipe.RecipeVersion;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** The texts of the inspect view's status bar and toolbar labels, from the workstation's counters. */
final class StatusLine {
    private StatusLine() {}

    static String operator(Operator operator) {
        return operator.name() + " (" + operator.role().wire().replace('_', ' ') + ")";
    }

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** {@code Recipe: Bottle, top view (v7, published by Quinn Ueda 2026-12-07 14:02)}, in the station's time zone. */
    static String recipe(RecipeVersion live) {
        return "Recipe: " + live.title() + " (v" + live.number() + live.publication().map(p -> ", published by "
                + p.authorName() + " " + MINUTE.format(p.at().atZone(ZoneId.systemDefault()))).orElse("") + ")";
    }

    /** The live view's drops are the ones that matter; the detector skipping frames while busy is by design. */
    static String capture(Optional<CaptureStats> stats, double displayFps, Optional<Frame> shown, boolean sessionCamera) {
        String frameSize = shown.map(f -> f.width() + "×" + f.height()).orElse("—");
        return stats.map(s -> String.format(Locale.ROOT, "%s · capture %.1f fps · display %.1f fps · %s · dropped %d",
                s.state().name().toLowerCase(Locale.ROOT), s.captureFps(), displayFps, frameSize, dropped(s, "display"))
                + (sessionCamera ? " · camera settings for this session only" : "")).orElse("stopped");
    }

    static String detector(DetectorStats d, Optional<CaptureStats> stats) {
        return String.format(Locale.ROOT, "detector %s · %.1f fps · %.0f ms · devices: %s", d.state(), d.fps(), d.lastMs(),
                d.devices().describe())
                + stats.filter(s -> s.consumers().stream().anyMatch(c -> c.name().equals("detect")))
                        .map(s -> " · skipped " + dropped(s, "detect")).orElse("");
    }

    static String explainer(ExplainerStats x) {
        long tokens = x.promptTokens() + x.completionTokens();
        return String.format(Locale.ROOT, "explainer: %d calls · %d cached · %d failed", x.calls(), x.cacheHits(), x.failures())
                + (tokens > 0 ? " · " + tokens + " tokens" : "")
                + (x.costEstimate() > 0 ? String.format(Locale.ROOT, " · ~%.2f cost", x.costEstimate()) : "")
                + (x.latencyP95Ms() > 0 ? String.format(Locale.ROOT, " · p95 %.1f s", x.latencyP95Ms() / 1000.0) : "");
    }

    private static long dropped(CaptureStats stats, String consumer) {
        return stats.consumers().stream().filter(c -> c.name().equals(consumer)).mapToLong(CaptureStats.Consumer::dropped).sum();
    }
}

package io.kensa.llm;

import io.kensa.detect.Detection;
import io.kensa.model.ClassPrediction;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The built-in explainer used when no LLM endpoint is configured: it puts the detector's findings into words
 * (where, how large, what shape) and names the AD class the profile's geometric rules point to. It is not an
 * LLM and says so in every rationale.
 */
final class OfflineExplainer extends BaseExplainer {
    static final String LABEL = "Offline rule-based description — not an LLM.";
    static final String MODEL = "offline-rules";

    OfflineExplainer(LlmSettings settings) {
        super(settings, "kensa-explain-offline", 1);
    }

    @Override
    public ExplanationTask explain(ExplainRequest request, Consumer<String> rationaleSoFar) {
        Records.Source source = Records.Source.of("offline", MODEL, "", request.profile().profile());
        ExplanationTask task = active.start(() -> Records.failure(source, ExplanationStatus.CANCELLED,
                "Cancelled before the offline description was made.", "", "", 0, Records.Usage.NONE));
        workers.execute(() -> {
            if (task.isCancelled()) {
                return;
            }
            long start = System.nanoTime();
            task.sent(preview(request).visual());
            Explanation e = describe(request, source, (System.nanoTime() - start) / 1_000_000);
            counters.reserve(new LlmSettings.Budget(0, 0, 0, 0, 0), Instant.now()).spend()
                    .ifPresent(s -> counters.finished(s, e.latencyMs(), 0, 0, 0, true));
            Callbacks.deliver(rationaleSoFar, e.rationale());
            task.finish(e);
        });
        return task;
    }

    static Explanation describe(ExplainRequest request, Records.Source source, long latencyMs) {
        Detection d = request.detection();
        ProfileDocument document = request.profile().document();
        MapGeometry g = MapGeometry.of(d);
        String summary = String.format(Locale.ROOT, "offline rules; profile %s v%d; anomaly map %dx%d, threshold %.4g, score %.4g",
                document.name(), document.version(), g.mapWidth, g.mapHeight, d.threshold(), d.score());
        if (g.empty()) {
            return Records.answer(source, ExplanationStatus.OFFLINE, Optional.of(AnswerSchema.NORMAL_CLASS),
                    Optional.of(Severity.NORMAL), 0, String.format(Locale.ROOT,
                            "%s The detector found no area above its threshold (score %.4g, threshold %.4g), so there is nothing to describe.",
                            LABEL, d.score(), d.threshold()), "", summary, "", latencyMs, Records.Usage.NONE);
        }
        OfflineHints hints = document.offline();
        OfflineHints.Zone zone = hints.zoneOf(g.meanRadius);
        double area = g.areaPercent();
        MapGeometry.Blob largest = g.blobs.get(0);
        List<String> sentences = new ArrayList<>();
        sentences.add(LABEL);
        String where = zone == OfflineHints.Zone.CENTRE ? hints.describeZone(zone)
                : "at the " + g.position() + " of the image, " + hints.describeZone(zone);
        sentences.add(String.format(Locale.ROOT, "The detector flagged %d %s covering %.1f%% of the image (%,d px), mostly %s.",
                g.blobs.size(), g.blobs.size() == 1 ? "region" : "regions", area, g.framePixels(g.flaggedPixels), where));
        sentences.add(String.format(Locale.ROOT, "The largest region is %s, about %d×%d px.", MapGeometry.shape(largest),
                Math.round(largest.width() * d.frameWidth() / (double) g.mapWidth),
                Math.round(largest.height() * d.frameHeight() / (double) g.mapHeight)));
        Optional<ClassPrediction> hint = request.classHint().filter(h -> h.good() || document.profile().anomalyClasses()
                .stream().anyMatch(c -> c.name().equals(h.className())));
        Optional<OfflineHints.Rule> rule = hint.isPresent() ? Optional.empty()
                : hints.rules().stream().filter(r -> r.matches(zone, area)).findFirst();
        Optional<String> anomalyClass = hint.map(h -> h.good() ? AnswerSchema.NORMAL_CLASS : h.className())
                .or(() -> rule.map(OfflineHints.Rule::className));
        Optional<Severity> severity = anomalyClass.flatMap(name -> name.equals(AnswerSchema.NORMAL_CLASS) ? Optional.of(Severity.NORMAL)
                : document.profile().anomalyClasses().stream()
                .filter(c -> c.name().equals(name)).findFirst().map(AnomalyClass::defaultSeverity));
        sentences.add(classSentence(hint, rule, severity, zone, area));
        String evidence = String.format(Locale.ROOT, "Inside the red outline %s, around x=%d, y=%d.",
                where, g.frameX(g.centroidX), g.frameY(g.centroidY));
        return Records.answer(source, ExplanationStatus.OFFLINE, anomalyClass, severity, 0, String.join(" ", sentences),
                evidence, summary, "", latencyMs, Records.Usage.NONE);
    }

    /** Why this class: the recipe's classifier when it names a class of the profile, else the geometric rules. */
    private static String classSentence(Optional<ClassPrediction> hint, Optional<OfflineHints.Rule> rule,
                                        Optional<Severity> severity, OfflineHints.Zone zone, double area) {
        if (hint.isPresent() && hint.get().good()) {
            return String.format(Locale.ROOT, "The recipe's defect classifier rates the part normal (good, %.0f%%) although the "
                    + "anomaly detector flagged it; confirm by eye.", 100 * hint.get().probability());
        }
        if (hint.isPresent()) {
            return String.format(Locale.ROOT, "The recipe's defect classifier names it %s, usually rated %s; confirm by eye.",
                    hint.get().describe(), severity.map(Severity::wire).orElse("defect"));
        }
        if (rule.isPresent()) {
            return String.format(Locale.ROOT, "By this profile's geometric rule (%s) it most resembles %s, usually rated %s; confirm by eye.",
                    rule.get().describe(), rule.get().className(), severity.map(Severity::wire).orElse("defect"));
        }
        return String.format(Locale.ROOT, "No geometric rule of this profile matches (%s zone, %.1f%% of the image), so no class is suggested; classify it by eye.",
                zone.wire(), area);
    }

    @Override
    public String describe() {
        return "offline rule-based descriptions (no LLM configured)";
    }
}

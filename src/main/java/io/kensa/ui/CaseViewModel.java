package io.kensa.ui;

import io.kensa.detect.Detection;
import io.kensa.detect.HeatmapRenderer;
import io.kensa.detect.Region;
import io.kensa.inspect.Case;
import io.kensa.inspect.CaseDesk;
import io.kensa.inspect.DeskSnapshot;
import io.kensa.llm.AnomalyClass;
import io.kensa.llm.Explanation;
import io.kensa.llm.PromptProfile;
import io.kensa.llm.VisualPrompt;
import io.kensa.model.Action;
import io.kensa.model.Decision;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.Operator;
import io.kensa.model.Severity;
import io.kensa.store.FrameCounts;
import java.awt.image.BufferedImage;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The case pane's state and decisions: the frozen case as text and pictures (prepared off the FX thread), Accept /
 * Override / Undo, the override's class and severity choice, and what was saved. Desk snapshots are coalesced: the
 * newest one wins.
 */
final class CaseViewModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    static final String NO_CASE_FACTS = "Frames the detector flags appear here, frozen, for your decision. The live view keeps running.";

    /** A case's pictures, drawn once per case off the FX thread. */
    record Pictures(long caseNumber, BufferedImage frozen, BufferedImage outline) {}

    private final CaseDesk desk;
    /** who is signed in now (null while the station is locked: the desk then refuses) */
    private final Supplier<Operator> operator;
    private final Executor prepare;
    private final Executor fx;
    private final BiConsumer<String, Boolean> message;
    private final AtomicReference<DeskSnapshot> pendingSnapshot = new AtomicReference<>();
    private final AtomicReference<Prepared> pendingShow = new AtomicReference<>();
    private Pictures pictures; // prepare thread only
    private PromptProfile profile;

    private final StringProperty title = new SimpleStringProperty("No case open");
    private final StringProperty waiting = new SimpleStringProperty("");
    private final StringProperty facts = new SimpleStringProperty(NO_CASE_FACTS);
    private final StringProperty explainer = new SimpleStringProperty("");
    private final StringProperty explainerStyle = new SimpleStringProperty("muted");
    private final StringProperty className = new SimpleStringProperty("");
    private final StringProperty severity = new SimpleStringProperty("");
    private final StringProperty severityStyle = new SimpleStringProperty("");
    private final StringProperty confidence = new SimpleStringProperty("");
    private final StringProperty rationale = new SimpleStringProperty("");
    private final StringProperty evidence = new SimpleStringProperty("");
    private final StringProperty acceptHint = new SimpleStringProperty("");
    private final ObjectProperty<Optional<Pictures>> frozen = new SimpleObjectProperty<>(Optional.empty());
    private final ObjectProperty<Optional<VisualPrompt>> sent = new SimpleObjectProperty<>(Optional.empty());
    private final BooleanProperty canAccept = new SimpleBooleanProperty(false);
    private final BooleanProperty canOverride = new SimpleBooleanProperty(false);
    private final BooleanProperty canExplainAgain = new SimpleBooleanProperty(false);
    private final BooleanProperty overrideOpen = new SimpleBooleanProperty(false);
    private final ObservableList<String> classes = FXCollections.observableArrayList();
    private final IntegerProperty chosenClass = new SimpleIntegerProperty(-1);
    private final ObjectProperty<Optional<Severity>> chosenSeverity = new SimpleObjectProperty<>(Optional.empty());
    private final StringProperty comment = new SimpleStringProperty("");
    private final BooleanProperty canConfirm = new SimpleBooleanProperty(false);
    private final StringProperty saveState = new SimpleStringProperty("");
    private final BooleanProperty saveOk = new SimpleBooleanProperty(true);
    private final StringProperty lastDecision = new SimpleStringProperty("");
    private final BooleanProperty undoVisible = new SimpleBooleanProperty(false);

    private long shownCase = -1;
    private boolean machineAnswer;
    private boolean saving;
    /** After a decision, Accept rests until the desk's next snapshot shows what is open now. */
    private boolean awaitingSnapshot;

    private record Prepared(DeskSnapshot snapshot, Optional<Pictures> pictures) {}

    /**
     * @param prepare the thread that draws a new case's pictures (never the desk's own, never the FX thread)
     * @param message shows a text in the window's message bar (text, is it a problem)
     */
    CaseViewModel(CaseDesk desk, Supplier<Operator> operator, PromptProfile profile, Executor prepare, Executor fx,
                  BiConsumer<String, Boolean> message) {
        this.desk = desk;
        this.operator = operator;
        this.prepare = prepare;
        this.fx = fx;
        this.message = message;
        setProfile(profile);
    }

    // ---- read-only state for the view

    ReadOnlyStringProperty title() { return title; }
    ReadOnlyStringProperty waiting() { return waiting; }
    ReadOnlyStringProperty facts() { return facts; }
    ReadOnlyStringProperty explainer() { return explainer; }
    /** The explainer line's style class: {@code muted}, {@code not-llm} or {@code error-text}. */
    ReadOnlyStringProperty explainerStyle() { return explainerStyle; }
    ReadOnlyStringProperty className() { return className; }
    ReadOnlyStringProperty severity() { return severity; }
    /** Empty, or {@code severity severity-<wire>} / {@code severity severity-none}. */
    ReadOnlyStringProperty severityStyle() { return severityStyle; }
    ReadOnlyStringProperty confidence() { return confidence; }
    ReadOnlyStringProperty rationale() { return rationale; }
    ReadOnlyStringProperty evidence() { return evidence; }
    ReadOnlyStringProperty acceptHint() { return acceptHint; }
    ReadOnlyObjectProperty<Optional<Pictures>> frozen() { return frozen; }
    ReadOnlyObjectProperty<Optional<VisualPrompt>> sent() { return sent; }
    ReadOnlyBooleanProperty canAccept() { return canAccept; }
    ReadOnlyBooleanProperty canOverride() { return canOverride; }
    ReadOnlyBooleanProperty canExplainAgain() { return canExplainAgain; }
    ReadOnlyBooleanProperty overrideOpen() { return overrideOpen; }
    /** Normal and the profile's anomaly classes, numbered 1, 2, … for one-key overrides. */
    ObservableList<String> classes() { return FXCollections.unmodifiableObservableList(classes); }
    ReadOnlyIntegerProperty chosenClass() { return chosenClass; }
    ReadOnlyObjectProperty<Optional<Severity>> chosenSeverity() { return chosenSeverity; }
    /** The override's comment, as typed. */
    StringProperty comment() { return comment; }
    ReadOnlyBooleanProperty canConfirm() { return canConfirm; }
    ReadOnlyStringProperty saveState() { return saveState; }
    ReadOnlyBooleanProperty saveOk() { return saveOk; }
    ReadOnlyStringProperty lastDecision() { return lastDecision; }
    ReadOnlyBooleanProperty undoVisible() { return undoVisible; }

    /** The case on screen (what a decision made now is about), -1 when none. */
    long shownCase() {
        return shownCase;
    }

    void setProfile(PromptProfile profile) {
        this.profile = profile;
        List<String> names = new ArrayList<>();
        names.add("normal");
        profile.anomalyClasses().stream().map(AnomalyClass::name).forEach(names::add);
        classes.setAll(names);
    }

    // ---- desk snapshots: any thread → prepare thread → FX

    /** A new desk state (called on the desk's thread): pictures are drawn on the prepare thread, newest wins. */
    void snapshot(DeskSnapshot snapshot) {
        if (pendingSnapshot.getAndSet(snapshot) == null
                && !ScreenWork.execute(prepare, this::prepareNewest)) {
            pendingSnapshot.set(null);
        }
    }

    private void prepareNewest() {
        DeskSnapshot s = pendingSnapshot.getAndSet(null);
        if (s == null) {
            return;
        }
        Optional<Pictures> p = s.current().map(this::pictures);
        if (pendingShow.getAndSet(new Prepared(s, p)) == null && !ScreenWork.execute(fx, () -> {
            Prepared ready = pendingShow.getAndSet(null);
            if (ready != null) {
                show(ready.snapshot(), ready.pictures());
            }
        })) {
            pendingShow.set(null);
        }
    }

    private Pictures pictures(Case c) {
        if (pictures == null || pictures.caseNumber() != c.number()) {
            BufferedImage image = c.inspected().frame().image();
            pictures = new Pictures(c.number(), image, HeatmapRenderer.outlines(c.inspected().detection(),
                    image.getWidth(), image.getHeight(), 0xffff2020));
        }
        return pictures;
    }

    private void show(DeskSnapshot snapshot, Optional<Pictures> drawn) {
        awaitingSnapshot = false;
        waiting.set(queueText(snapshot));
        showLastDecision(snapshot.lastDecision());
        snapshot.problem().ifPresent(p -> message.accept("Not recording: " + p, true));
        snapshot.warning().ifPresent(w -> message.accept(w, true));
        if (snapshot.current().isEmpty()) {
            showNoCase();
            return;
        }
        Case c = snapshot.current().get();
        if (c.number() != shownCase) {
            shownCase = c.number();
            closeOverride();
            frozen.set(drawn);
            facts.set(facts(c));
        }
        title.set("Case " + c.number() + (c.onDemand() ? " (sent on demand)" : "") + " — frozen frame");
        machineAnswer = c.machineClass().isPresent();
        acceptHint.set(machineAnswer ? "Accept the machine's class and severity"
                : "Nothing to accept yet: wait for the explanation, or Override with the true class");
        canExplainAgain.set(!c.explaining());
        showExplanation(c);
        updateButtons();
    }

    /**
     * What the sign-in screen says while nobody is signed in: the line goes on, nothing passes unseen, and how many
     * cases wait for the next inspector.
     */
    static String unattendedText(DeskSnapshot snapshot) {
        long cases = (snapshot.current().isPresent() ? 1 : 0) + snapshot.waiting();
        return "Station unattended: capture and detection keep running, every flagged frame is recorded and waits for"
                + " a decision (none is explained until someone signs in). Waiting now: " + cases
                + (cases == 1 ? " case" : " cases")
                + (snapshot.notQueued() > 0 ? ", and " + snapshot.notQueued() + " recorded past the full queue (in the"
                + " Review tab)" : "") + ".";
    }

    static String queueText(DeskSnapshot snapshot) {
        List<String> queue = new ArrayList<>();
        if (snapshot.waiting() > 0) {
            queue.add(snapshot.waiting() + " waiting");
        }
        if (snapshot.notQueued() > 0) {
            queue.add(snapshot.notQueued() + " not queued (queue full)");
        }
        FrameCounts frames = snapshot.frames();
        if (frames.flagged() > 0) {
            // the station's totals from its database: a frame that could not be stored is counted, never lost
            queue.add(frames.flagged() + " flagged: " + frames.recorded() + " recorded, " + frames.notRecorded()
                    + " not recorded");
        }
        return String.join(" · ", queue);
    }

    static String facts(Case c) {
        Detection d = c.inspected().detection();
        int area = d.regions().stream().mapToInt(Region::area).sum();
        return String.format(Locale.ROOT, "Detector: score %.3f %s threshold %.3f · %d region%s · %.1f %% of the frame · %s · %s",
                d.score(), d.anomalous() ? ">" : "≤", d.threshold(), d.regions().size(), d.regions().size() == 1 ? "" : "s",
                100.0 * area / Math.max(1, d.frameWidth() * d.frameHeight()), c.inspected().frame().origin(),
                c.inspection().map(id -> "stored (" + id + ")").orElse("not stored yet"))
                + c.inspected().classification().map(p -> "\nClassifier: " + p.describe()
                        + (p.good() ? " — it sees a normal part" : "") + " (a hint; you decide)").orElse("");
    }

    private void showExplanation(Case c) {
        Optional<Explanation> e = c.explanation();
        if (e.isEmpty()) {
            explainer.set(c.explaining() ? "Explaining…"
                    : "Not explained: automatic explanations are off for this frame. Explain it with ⇧L, or decide with Override.");
            explainerStyle.set("muted");
            className.set("");
            severity.set("");
            severityStyle.set("");
            confidence.set("");
            rationale.set(c.rationaleSoFar());
            evidence.set("");
        } else {
            Explanation x = e.get();
            boolean offline = x.status() == ExplanationStatus.OFFLINE;
            explainer.set(offline
                    ? "Offline rule-based description — not an LLM · profile " + x.profileName() + " v" + x.profileVersion()
                    : "LLM " + x.model() + " · profile " + x.profileName() + " v" + x.profileVersion() + " · "
                            + x.latencyMs() + " ms" + (x.fromCache() ? " · from cache" : "")
                            + (x.hasAnswer() ? "" : " · " + statusText(x.status())));
            explainerStyle.set(offline ? "not-llm" : x.hasAnswer() ? "muted" : "error-text");
            className.set(x.anomalyClass().orElse(x.hasAnswer() ? "" : "no valid answer"));
            Optional<Severity> s = x.severity();
            severity.set(s.map(v -> v.wire().toUpperCase(Locale.ROOT)).orElse("—"));
            severityStyle.set("severity " + s.map(v -> "severity-" + v.wire()).orElse("severity-none"));
            confidence.set(x.hasAnswer() && !offline ? String.format(Locale.ROOT, "confidence %.0f %%", 100 * x.confidence()) : "");
            rationale.set(x.rationale());
            evidence.set(x.evidence().isBlank() ? "" : "Where to look: " + x.evidence());
        }
        if (c.sent().orElse(null) != sent.get().orElse(null)) {
            sent.set(c.sent()); // the thumbnails change only with what was sent, not with every streamed piece
        }
    }

    static String statusText(ExplanationStatus status) {
        return switch (status) {
            case ANSWERED -> "answered";
            case OFFLINE -> "offline description";
            case INVALID_ANSWER -> "the model's answer was not in the required form";
            case REFUSED -> "the model refused to answer";
            case TIMEOUT -> "timed out";
            case UNREACHABLE -> "endpoint unreachable";
            case UNAUTHORIZED -> "API key rejected";
            case RATE_LIMITED -> "rate limited";
            case SERVER_ERROR -> "server error";
            case BUDGET_EXCEEDED -> "hourly budget used up";
            case CANCELLED -> "cancelled";
        };
    }

    private void showLastDecision(Optional<Decision> last) {
        undoVisible.set(last.isPresent());
        lastDecision.set(last.map(d -> (d.action() == Action.ACCEPT ? "Accepted " : "Overrode to ") + d.finalClass()
                + " / " + d.severity().wire() + " by " + d.operator().name() + " at " + TIME.format(d.decidedAt())
                + " (decision " + d.id() + ")").orElse(""));
    }

    private void showNoCase() {
        shownCase = -1;
        machineAnswer = false;
        closeOverride();
        title.set("No case open");
        frozen.set(Optional.empty());
        facts.set(NO_CASE_FACTS);
        for (StringProperty p : List.of(explainer, className, severity, severityStyle, confidence, rationale, evidence)) {
            p.set("");
        }
        explainerStyle.set("muted");
        sent.set(Optional.empty());
        canExplainAgain.set(false);
        updateButtons();
    }

    /** While a decision is being saved the buttons rest, so a double press cannot decide the next case unseen. */
    private void updateButtons() {
        canAccept.set(shownCase >= 0 && machineAnswer && !saving && !awaitingSnapshot);
        canOverride.set(shownCase >= 0 && !saving);
    }

    // ---- commands

    void accept() {
        if (canAccept.get()) {
            record(desk.accept(shownCase, operator.get()), "Accepted");
        }
    }

    void undo() {
        record(desk.undo(operator.get()), "Undone");
    }

    void explainAgain() {
        if (canExplainAgain.get()) {
            desk.explainAgain();
        }
    }

    void openOverride() {
        if (!canOverride.get()) {
            return;
        }
        overrideOpen.set(true);
        chosenClass.set(-1);
        chosenSeverity.set(Optional.empty());
        comment.set("");
        canConfirm.set(false);
    }

    void closeOverride() {
        overrideOpen.set(false);
    }

    /** Class index in override mode: 0 = normal, then the profile's classes in order; severity follows the class. */
    void pickClass(int index) {
        if (index < 0 || index >= classes.size()) {
            return;
        }
        chosenClass.set(index);
        pickSeverity(index == 0 ? Severity.NORMAL : profile.anomalyClasses().get(index - 1).defaultSeverity());
    }

    void pickSeverity(Severity s) {
        chosenSeverity.set(Optional.of(s));
        canConfirm.set(chosenClass.get() >= 0);
    }

    void confirmOverride() {
        if (chosenClass.get() < 0) {
            message.accept("Pick the true class first (number key 1–" + classes.size() + ").", true);
            return;
        }
        Severity s = chosenSeverity.get().orElse(Severity.DEFECT);
        record(desk.override(shownCase, operator.get(), classes.get(chosenClass.get()), s, comment.get()), "Overridden");
        closeOverride();
    }

    private void record(CompletableFuture<Decision> decision, String verb) {
        saveState.set("Saving…");
        saveOk.set(true);
        saving = true;
        updateButtons();
        decision.whenComplete((d, error) -> fx.execute(() -> {
            saving = false;
            awaitingSnapshot = true;
            updateButtons();
            desk.republish();
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                saveState.set("Not recorded: " + cause.getMessage());
                saveOk.set(false);
                message.accept(cause.getMessage(), true);
            } else {
                saveState.set(verb + " — saved (decision " + d.id() + ")");
                saveOk.set(true);
                message.accept("", false);
            }
        }));
    }
}

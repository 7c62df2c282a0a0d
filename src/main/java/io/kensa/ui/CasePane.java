package io.kensa.ui;

import io.kensa.detect.Detection;
import io.kensa.detect.HeatmapRenderer;
import io.kensa.detect.Region;
import io.kensa.inspect.Case;
import io.kensa.inspect.DeskSnapshot;
import io.kensa.llm.AnomalyClass;
import io.kensa.llm.Explanation;
import io.kensa.llm.PromptProfile;
import io.kensa.llm.VisualPrompt;
import io.kensa.model.Action;
import io.kensa.model.Decision;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.Severity;
import java.awt.image.BufferedImage;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The right-hand side of the inspect view: the frozen case (never the live frame), the detector's facts, the
 * explanation as it streams in with exactly what was sent, and Accept / Override with the last decision and undo.
 * The decision controls are pinned below the scrolling case so they are always in reach, whatever the window size.
 */
final class CasePane extends BorderPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    final Label title = new Label("No case open");
    final Label waiting = new Label();
    private final ImageView frozen = new ImageView();
    private final ImageView frozenOutline = new ImageView();
    final Label facts = new Label();
    final Label explainer = new Label();
    final Label className = new Label();
    final Label severity = new Label();
    final Label confidence = new Label();
    final Label rationale = new Label();
    final Label evidence = new Label();
    private final HBox thumbnails = new HBox(6);
    private final Label sentTitle = new Label("Sent to the explainer: reference · query · outlined query");
    final Button sendToLlm = new Button("Explain live frame  L");
    final Button explainAgain = new Button("Explain again  ⇧L");
    final Button accept = new Button("Accept  ⏎");
    final Button override = new Button("Override  O");
    private final VBox overridePanel = new VBox(8);
    private final FlowPane classChoices = new FlowPane(6, 6);
    private final ToggleGroup classGroup = new ToggleGroup();
    private final ToggleGroup severityGroup = new ToggleGroup();
    final TextField comment = new TextField();
    final Button confirm = new Button("Record override  ⏎");
    final Button cancelOverride = new Button("Cancel  Esc");
    final Label lastDecision = new Label();
    final Button undo = new Button("Undo  Z");
    final Label saveState = new Label();

    private List<String> classes = List.of();
    private long shownCase = -1;
    private VisualPrompt shownPrompt;

    CasePane() {
        title.getStyleClass().add("pane-title");
        waiting.getStyleClass().add("muted");
        facts.getStyleClass().add("muted");
        facts.setWrapText(true);
        explainer.setWrapText(true);
        className.getStyleClass().add("class-name");
        rationale.getStyleClass().add("rationale");
        rationale.setWrapText(true);
        evidence.getStyleClass().add("muted");
        evidence.setWrapText(true);
        lastDecision.getStyleClass().add("muted");
        lastDecision.setWrapText(true);
        saveState.setWrapText(true);
        for (ImageView v : new ImageView[] {frozen, frozenOutline}) {
            v.setPreserveRatio(true);
            v.setFitWidth(400);
            v.setFitHeight(300);
        }
        StackPane picture = new StackPane(frozen, frozenOutline);
        picture.setAlignment(Pos.CENTER);
        accept.getStyleClass().add("accept-button");
        override.getStyleClass().add("override-button");
        accept.setMaxWidth(Double.MAX_VALUE);
        override.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(accept, Priority.ALWAYS);
        HBox.setHgrow(override, Priority.ALWAYS);
        HBox actions = new HBox(10, accept, override);

        HBox severities = new HBox(6);
        for (Severity s : Severity.values()) {
            ToggleButton b = new ToggleButton(s.wire() + "  " + s.wire().toUpperCase(Locale.ROOT).charAt(0));
            b.setUserData(s);
            b.setToggleGroup(severityGroup);
            severities.getChildren().add(b);
        }
        comment.setPromptText("comment (optional)");
        Label classHint = new Label("True class (number key), severity (N / M / D):");
        classHint.getStyleClass().add("muted");
        overridePanel.getChildren().addAll(classHint, classChoices, severities, comment, new HBox(10, confirm, cancelOverride));
        overridePanel.setVisible(false);
        overridePanel.setManaged(false);

        sentTitle.getStyleClass().add("muted");
        sentTitle.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(thumbnails.getChildren()));
        sentTitle.managedProperty().bind(sentTitle.visibleProperty());
        undo.setVisible(false); // until there is a decision of this shift to undo
        HBox verdict = new HBox(10, className, severity, confidence);
        verdict.setAlignment(Pos.CENTER_LEFT);
        VBox content = new VBox(10, new HBox(10, title, waiting), picture, facts, explainer, verdict, rationale, evidence,
                sentTitle, thumbnails, new HBox(10, sendToLlm, explainAgain));
        content.setPadding(new Insets(12));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        VBox decision = new VBox(8, actions, overridePanel, saveState, new HBox(10, lastDecision, undo));
        decision.setPadding(new Insets(10, 12, 12, 12));
        decision.getStyleClass().add("decision-bar");
        setCenter(scroll);
        setBottom(decision);
        setMinWidth(380);
        setPrefWidth(440);
        showNoCase();
    }

    /** Normal and the recipe's anomaly classes, numbered 1, 2, … for one-key overrides. */
    void setProfile(PromptProfile profile) {
        classes = new ArrayList<>();
        classes.add("normal");
        profile.anomalyClasses().stream().map(AnomalyClass::name).forEach(classes::add);
        classChoices.getChildren().clear();
        for (int i = 0; i < classes.size(); i++) {
            ToggleButton b = new ToggleButton((i + 1) + "  " + classes.get(i));
            b.setUserData(classes.get(i));
            b.setToggleGroup(classGroup);
            int index = i;
            b.setOnAction(e -> pickClass(index, profile));
            classChoices.getChildren().add(b);
        }
    }

    void show(DeskSnapshot snapshot) {
        List<String> queue = new ArrayList<>();
        if (snapshot.waiting() > 0) {
            queue.add(snapshot.waiting() + " waiting");
        }
        if (snapshot.notQueued() > 0) {
            queue.add(snapshot.notQueued() + " not queued (queue full)");
        }
        if (snapshot.notRecorded() > 0) {
            queue.add(snapshot.notRecorded() + " not recorded (disk busy)");
        }
        waiting.setText(String.join(" · ", queue));
        showLastDecision(snapshot.lastDecision());
        if (snapshot.current().isEmpty()) {
            showNoCase();
            return;
        }
        Case c = snapshot.current().get();
        if (c.number() != shownCase) {
            shownCase = c.number();
            closeOverride();
            showFrozen(c);
        }
        title.setText("Case " + c.number() + (c.onDemand() ? " (sent on demand)" : "") + " — frozen frame");
        accept.setDisable(c.machineClass().isEmpty());
        accept.setTooltip(new Tooltip(c.machineClass().isPresent() ? "Accept the machine's class and severity"
                : "Nothing to accept yet: wait for the explanation, or Override with the true class"));
        override.setDisable(false);
        explainAgain.setDisable(c.explaining());
        showExplanation(c);
    }

    private void showFrozen(Case c) {
        BufferedImage image = c.inspected().frame().image();
        Detection d = c.inspected().detection();
        frozen.setImage(FxImages.toFx(image));
        frozenOutline.setImage(FxImages.toFx(HeatmapRenderer.outlines(d, image.getWidth(), image.getHeight(), 0xffff2020)));
        int area = d.regions().stream().mapToInt(Region::area).sum();
        facts.setText(String.format(Locale.ROOT, "Detector: score %.3f %s threshold %.3f · %d region%s · %.1f %% of the frame · %s · %s",
                d.score(), d.anomalous() ? ">" : "≤", d.threshold(), d.regions().size(), d.regions().size() == 1 ? "" : "s",
                100.0 * area / Math.max(1, d.frameWidth() * d.frameHeight()), c.inspected().frame().origin(),
                c.inspection().map(id -> "stored (" + id + ")").orElse("not stored yet")));
    }

    private void showExplanation(Case c) {
        Optional<Explanation> e = c.explanation();
        if (e.isEmpty()) {
            explainer.setText(c.explaining() ? "Explaining…"
                    : "Not explained: automatic explanations are off for this frame. Explain it with ⇧L, or decide with Override.");
            explainer.getStyleClass().setAll("label", "muted");
            className.setText("");
            severity.setText("");
            severity.getStyleClass().setAll("label");
            confidence.setText("");
            rationale.setText(c.rationaleSoFar());
            evidence.setText("");
        } else {
            Explanation x = e.get();
            boolean offline = x.status() == ExplanationStatus.OFFLINE;
            explainer.setText(offline
                    ? "Offline rule-based description — not an LLM · profile " + x.profileName() + " v" + x.profileVersion()
                    : "LLM " + x.model() + " · profile " + x.profileName() + " v" + x.profileVersion() + " · "
                            + x.latencyMs() + " ms" + (x.fromCache() ? " · from cache" : "")
                            + (x.hasAnswer() ? "" : " · " + statusText(x.status())));
            explainer.getStyleClass().setAll("label", offline ? "not-llm" : x.hasAnswer() ? "muted" : "error-text");
            className.setText(x.anomalyClass().orElse(x.hasAnswer() ? "" : "no valid answer"));
            Optional<Severity> s = x.severity();
            severity.setText(s.map(v -> v.wire().toUpperCase(Locale.ROOT)).orElse("—"));
            severity.getStyleClass().setAll("label", "severity", s.map(v -> "severity-" + v.wire()).orElse("severity-none"));
            confidence.setText(x.hasAnswer() && !offline ? String.format(Locale.ROOT, "confidence %.0f %%", 100 * x.confidence()) : "");
            rationale.setText(x.rationale());
            evidence.setText(x.evidence().isBlank() ? "" : "Where to look: " + x.evidence());
        }
        showSent(c.sent());
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

    /** Converts the sent images only when they change, not on every streamed piece of rationale. */
    private void showSent(Optional<VisualPrompt> sent) {
        if (sent.orElse(null) == shownPrompt) {
            return;
        }
        shownPrompt = sent.orElse(null);
        thumbnails.getChildren().clear();
        sent.ifPresent(p -> {
            List<BufferedImage> images = new ArrayList<>(p.references());
            images.add(p.query());
            images.add(p.outlined());
            for (BufferedImage image : images) {
                ImageView v = new ImageView(FxImages.toFx(image));
                v.setPreserveRatio(true);
                v.setFitWidth(96);
                v.getStyleClass().add("thumb");
                thumbnails.getChildren().add(v);
            }
        });
    }

    private void showLastDecision(Optional<Decision> last) {
        undo.setVisible(last.isPresent());
        lastDecision.setText(last.map(d -> (d.action() == Action.ACCEPT ? "Accepted " : "Overrode to ") + d.finalClass()
                + " / " + d.severity().wire() + " by " + d.operator().name() + " at " + TIME.format(d.decidedAt())
                + " (decision " + d.id() + ")").orElse(""));
    }

    private void showNoCase() {
        shownCase = -1;
        closeOverride();
        title.setText("No case open");
        frozen.setImage(null);
        frozenOutline.setImage(null);
        facts.setText("Frames the detector flags appear here, frozen, for your decision. The live view keeps running.");
        explainer.setText("");
        className.setText("");
        severity.setText("");
        severity.getStyleClass().setAll("label");
        confidence.setText("");
        rationale.setText("");
        evidence.setText("");
        thumbnails.getChildren().clear();
        shownPrompt = null;
        accept.setDisable(true);
        override.setDisable(true);
        explainAgain.setDisable(true);
    }

    /** The case on screen (what a decision made now is about), -1 when none. */
    long shownCase() {
        return shownCase;
    }

    /** While a decision is being saved the buttons rest, so a double press cannot decide the next case unseen. */
    void saving(boolean busy) {
        accept.setDisable(busy || accept.isDisabled());
        override.setDisable(busy || shownCase < 0);
    }

    boolean overrideOpen() {
        return overridePanel.isVisible();
    }

    void openOverride() {
        if (override.isDisabled()) {
            return;
        }
        overridePanel.setVisible(true);
        overridePanel.setManaged(true);
        classGroup.selectToggle(null);
        severityGroup.selectToggle(null);
        comment.clear();
        confirm.setDisable(true);
    }

    void closeOverride() {
        overridePanel.setVisible(false);
        overridePanel.setManaged(false);
    }

    /** Class index in override mode: 0 = normal, then the profile's classes in order; severity follows the class. */
    void pickClass(int index, PromptProfile profile) {
        if (index < 0 || index >= classes.size()) {
            return;
        }
        classGroup.selectToggle(classGroup.getToggles().get(index));
        Severity s = index == 0 ? Severity.NORMAL : profile.anomalyClasses().get(index - 1).defaultSeverity();
        pickSeverity(s);
    }

    void pickSeverity(Severity s) {
        severityGroup.getToggles().stream().filter(t -> t.getUserData() == s).findFirst().ifPresent(severityGroup::selectToggle);
        confirm.setDisable(chosenClass().isEmpty());
    }

    Optional<String> chosenClass() {
        return Optional.ofNullable(classGroup.getSelectedToggle()).map(t -> (String) t.getUserData());
    }

    Optional<Severity> chosenSeverity() {
        return Optional.ofNullable(severityGroup.getSelectedToggle()).map(t -> (Severity) t.getUserData());
    }

    void saved(String text, boolean ok) {
        saveState.setText(text);
        saveState.getStyleClass().setAll("label", ok ? "muted" : "error-text");
    }
}

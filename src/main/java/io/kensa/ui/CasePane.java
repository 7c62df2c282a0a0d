package io.kensa.ui;

import io.kensa.llm.VisualPrompt;
import io.kensa.model.Severity;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Toggle;
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
 * It binds to a {@link CaseViewModel}, which decides what is shown and what a press does.
 */
final class CasePane extends BorderPane {
    final Label title = new Label("No case open");
    final Label waiting = new Label();
    private final ImageView frozen = new ImageView();
    private final ImageView frozenOutline = new ImageView();
    final Label facts = new Label();
    final Label explainer = new Label();
    final Label className = new Label();
    private final Label severity = new Label();
    final Label confidence = new Label();
    private final Label rationale = new Label();
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

    private final CaseViewModel vm;
    /** Set while the pane shows the view-model's choice (not a press by the user). */
    private boolean updating;

    CasePane(CaseViewModel vm) {
        this.vm = vm;
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
        HBox actions = actions();
        buildOverridePanel();

        sentTitle.getStyleClass().add("muted");
        sentTitle.visibleProperty().bind(Bindings.isNotEmpty(thumbnails.getChildren()));
        sentTitle.managedProperty().bind(sentTitle.visibleProperty());
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
        bindCase();
        bindDecision();
        title.setId("case-title");
        explainer.setId("case-explainer");
        className.setId("case-class");
        severity.setId("case-severity");
        rationale.setId("case-rationale");
        accept.setId("accept");
        override.setId("override");
        confirm.setId("confirm-override");
        saveState.setId("save-state");
        overridePanel.setId("override-panel");
    }

    /** Accept and Override, side by side and as wide as the pane. */
    private HBox actions() {
        accept.getStyleClass().add("accept-button");
        override.getStyleClass().add("override-button");
        accept.setMaxWidth(Double.MAX_VALUE);
        override.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(accept, Priority.ALWAYS);
        HBox.setHgrow(override, Priority.ALWAYS);
        return new HBox(10, accept, override);
    }

    /** The override form: true class, severity, comment, record or cancel. */
    private void buildOverridePanel() {
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
    }


    private void bindCase() {
        title.textProperty().bind(vm.title());
        waiting.textProperty().bind(vm.waiting());
        facts.textProperty().bind(vm.facts());
        explainer.textProperty().bind(vm.explainer());
        className.textProperty().bind(vm.className());
        severity.textProperty().bind(vm.severity());
        confidence.textProperty().bind(vm.confidence());
        rationale.textProperty().bind(vm.rationale());
        evidence.textProperty().bind(vm.evidence());
        vm.explainerStyle().addListener((o, a, b) -> explainer.getStyleClass().setAll("label", b));
        explainer.getStyleClass().setAll("label", vm.explainerStyle().get());
        vm.severityStyle().addListener((o, a, b) -> severityStyles(b));
        Tooltip acceptTip = new Tooltip();
        acceptTip.textProperty().bind(vm.acceptHint());
        accept.setTooltip(acceptTip);
        vm.frozen().addListener((o, a, p) -> showFrozen(p));
        vm.sent().addListener((o, a, p) -> showSent(p));
        explainAgain.disableProperty().bind(vm.canExplainAgain().not());
        explainAgain.setOnAction(e -> vm.explainAgain());
    }

    private void severityStyles(String styles) {
        List<String> all = new ArrayList<>(List.of("label"));
        if (!styles.isBlank()) {
            all.addAll(List.of(styles.split(" ")));
        }
        severity.getStyleClass().setAll(all);
    }

    private void bindDecision() {
        accept.disableProperty().bind(vm.canAccept().not());
        override.disableProperty().bind(vm.canOverride().not());
        accept.setOnAction(e -> vm.accept());
        override.setOnAction(e -> vm.openOverride());
        confirm.setOnAction(e -> vm.confirmOverride());
        cancelOverride.setOnAction(e -> vm.closeOverride());
        undo.setOnAction(e -> vm.undo());
        overridePanel.visibleProperty().bind(vm.overrideOpen());
        overridePanel.managedProperty().bind(vm.overrideOpen());
        confirm.disableProperty().bind(vm.canConfirm().not());
        comment.textProperty().bindBidirectional(vm.comment());
        undo.visibleProperty().bind(vm.undoVisible());
        lastDecision.textProperty().bind(vm.lastDecision());
        saveState.textProperty().bind(vm.saveState());
        vm.saveOk().addListener((o, a, ok) -> saveState.getStyleClass().setAll("label", ok ? "muted" : "error-text"));
        showClasses(vm.classes());
        vm.classes().addListener((ListChangeListener<String>) c -> showClasses(vm.classes()));
        vm.chosenClass().addListener((o, a, i) -> select(classGroup, i.intValue() < 0 ? null
                : classGroup.getToggles().get(i.intValue())));
        vm.chosenSeverity().addListener((o, a, s) -> select(severityGroup, s.flatMap(v -> severityGroup.getToggles().stream()
                .filter(t -> t.getUserData() == v).findFirst()).orElse(null)));
        for (Toggle t : severityGroup.getToggles()) {
            ((ToggleButton) t).setOnAction(e -> pressed(() -> vm.pickSeverity((Severity) t.getUserData())));
        }
    }

    /** Normal and the recipe's anomaly classes, numbered 1, 2, … for one-key overrides. */
    private void showClasses(ObservableList<String> classes) {
        classChoices.getChildren().clear();
        for (int i = 0; i < classes.size(); i++) {
            ToggleButton b = new ToggleButton((i + 1) + "  " + classes.get(i));
            b.setUserData(classes.get(i));
            b.setToggleGroup(classGroup);
            int index = i;
            b.setOnAction(e -> pressed(() -> vm.pickClass(index)));
            classChoices.getChildren().add(b);
        }
    }

    /** A toggle press is a pick; the group shows the view-model's choice whatever the press did to it. */
    private void pressed(Runnable pick) {
        pick.run();
        int i = vm.chosenClass().get();
        select(classGroup, i < 0 || i >= classGroup.getToggles().size() ? null : classGroup.getToggles().get(i));
        select(severityGroup, vm.chosenSeverity().get().flatMap(v -> severityGroup.getToggles().stream()
                .filter(t -> t.getUserData() == v).findFirst()).orElse(null));
    }

    private void select(ToggleGroup group, Toggle toggle) {
        if (group.getSelectedToggle() != toggle) {
            group.selectToggle(toggle);
        }
    }

    private void showFrozen(Optional<CaseViewModel.Pictures> pictures) {
        frozen.setImage(pictures.map(p -> FxImages.toFx(p.frozen())).orElse(null));
        frozenOutline.setImage(pictures.map(p -> FxImages.toFx(p.outline())).orElse(null));
    }

    /** Converts the sent images only when they change, not on every streamed piece of rationale. */
    private void showSent(Optional<VisualPrompt> sent) {
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
}

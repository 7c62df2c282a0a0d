package io.kensa.ui;

import io.kensa.inspect.PromptEvaluation;
import io.kensa.inspect.PromptVersions;
import io.kensa.inspect.PromptWorkbench;
import io.kensa.inspect.ReferenceSources;
import io.kensa.llm.AnomalyClass;
import io.kensa.llm.ExplainRequest;
import io.kensa.llm.Explainer;
import io.kensa.llm.OutgoingRequest;
import io.kensa.llm.Explanation;
import io.kensa.llm.ExplanationTask;
import io.kensa.llm.ProfileDiff;
import io.kensa.llm.ProfileDocument;
import io.kensa.llm.PromptProfile;
import io.kensa.llm.PromptProfiles;
import io.kensa.model.Severity;
import io.kensa.store.PromptProfileStore;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.InvalidationListener;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Prompts screen without its controls: the editor's draft (name, ND, AD classes, CS, reference images) and its
 * validation, a stored version opened read-only, the version list and the diff between versions, saving, import and
 * export, trying the draft on one image and measuring it on a labelled folder. Commands run file, database and
 * explainer work on {@code background} (through {@link PromptWorkbench}) and publish every property change on
 * {@code fx}; commands are called on {@code fx} too.
 *
 * <p>The explainer is borrowed (the workstation's): {@link #close()} stops a running try or measurement, never the
 * explainer.
 */
public final class PromptsViewModel implements AutoCloseable {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    /** The tabs of the result pane a command brings to the front. */
    public enum ResultTab { TRY, MEASURE, COMPARE }

    /** How a line of text reads: as it is, muted (information) or as a problem. */
    public enum Tone { PLAIN, MUTED, PROBLEM }

    private final PromptWorkbench workbench;
    private final SignatureViewModel signatures;
    private final Supplier<Explainer> explainer;
    private final Executor background;
    private final Executor fx;
    private Consumer<ProfileDocument> onSaved = d -> { };

    // the editor: the draft, or a stored version opened read-only
    private ProfileDocument base = ProfileDocument.of(new PromptProfile("", 0, "", List.of(), "", List.of()));
    private Optional<ProfileDocument> draftWhileViewing = Optional.empty();
    private boolean filling;
    private boolean saving;
    private int validationsAsked;
    private int validationsDone;
    private Optional<Path> demoSet = Optional.empty();
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty normalDescription = new SimpleStringProperty("");
    private final StringProperty strategy = new SimpleStringProperty("");
    private final ObservableList<PromptClassRow> classes = FXCollections.observableArrayList(PromptClassRow::observables);
    private final ReadOnlyObjectWrapper<PromptClassRow> selectedClass = new ReadOnlyObjectWrapper<>();
    private final ObservableList<String> references = FXCollections.observableArrayList();
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper readOnly = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper mode = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canSave = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canAddReference = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canBackToDraft = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Tone> statusTone = new ReadOnlyObjectWrapper<>(Tone.MUTED);
    private final ReadOnlyObjectWrapper<ResultTab> resultTab = new ReadOnlyObjectWrapper<>(ResultTab.TRY);

    // the library
    private final ObservableList<String> profileNames = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper selectedProfile = new ReadOnlyStringWrapper("");
    private final ObservableList<PromptProfileStore.Version> versions = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper diffTitle =
            new ReadOnlyStringWrapper("Select two versions (or one, to compare with the draft) and press Compare.");
    private final ObservableList<ProfileDiff.Line> diff = FXCollections.observableArrayList();

    // try on one image
    private Optional<ExplanationTask> runningTry = Optional.empty();
    private final ReadOnlyStringWrapper tryState = new ReadOnlyStringWrapper("Try the edited profile on one image before saving it.");
    private final ReadOnlyObjectWrapper<Tone> tryTone = new ReadOnlyObjectWrapper<>(Tone.PLAIN);
    private final ReadOnlyStringWrapper tryClass = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper trySeverity = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper trySeverityStyle = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper tryRationale = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper tryFacts = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper tryRunning = new ReadOnlyBooleanWrapper();

    // measure on a labelled folder
    private Optional<AtomicBoolean> runningMeasure = Optional.empty();
    private final BooleanProperty includeGood = new SimpleBooleanProperty();
    private final ReadOnlyDoubleWrapper measureProgress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper measureState =
            new ReadOnlyStringWrapper("Measure the edited profile on a labelled MVTec-layout folder.");
    private final ReadOnlyStringWrapper measureReport = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper measureRunning = new ReadOnlyBooleanWrapper();

    // read-only views of the lists above, made once: a listener on a view lives as long as the view
    private final ObservableList<PromptClassRow> classesView = FXCollections.unmodifiableObservableList(classes);
    private final ObservableList<String> referencesView = FXCollections.unmodifiableObservableList(references);
    private final ObservableList<String> problemsView = FXCollections.unmodifiableObservableList(problems);
    private final ObservableList<String> profileNamesView = FXCollections.unmodifiableObservableList(profileNames);
    private final ObservableList<PromptProfileStore.Version> versionsView = FXCollections.unmodifiableObservableList(versions);
    private final ObservableList<ProfileDiff.Line> diffView = FXCollections.unmodifiableObservableList(diff);
    private final SendPreviewViewModel sendPreview;
    private final ReferencePickerViewModel referencePicker;

    /**
     * @param workbench   the files and versions of the recipe's prompt profile
     * @param explainer   the explainer to try and measure with, asked each time (borrowed, not closed)
     * @param background  where file, database and evaluation work runs (a measurement holds one thread until done)
     * @param fx          where properties change ({@code Platform::runLater} in the app)
     */
    /**
     * @param signatures  asks the signed-in person to sign each saved version (saving one publishes it)
     * @param sources     the snapshots and the decision log's good frames, offered as reference images
     */
    public PromptsViewModel(PromptWorkbench workbench, ReferenceSources sources, Supplier<Explainer> explainer,
                            SignatureViewModel signatures, Executor background, Executor fx) {
        this.workbench = workbench;
        this.sendPreview = new SendPreviewViewModel(workbench, this::draft, explainer, background, fx);
        this.referencePicker = new ReferencePickerViewModel(sources, this::addReference, background, fx);
        this.signatures = signatures;
        this.explainer = explainer;
        this.background = background;
        this.fx = fx;
        InvalidationListener edit = o -> edited();
        name.addListener(edit);
        normalDescription.addListener(edit);
        strategy.addListener(edit);
        classes.addListener(edit);
        references.addListener(edit);
    }

    /** Loads the recipe's profile (or its newest stored version) into the editor and lists the stored profiles. */
    public void start() {
        background("Read the recipe's prompt profile", () -> new Start(workbench.start(), workbench.demoSet()), start -> {
            demoSet = start.demoSet();
            show(start.profile(), false);
            refreshNames(start.profile().name());
        });
    }

    private record Start(ProfileDocument profile, Optional<Path> demoSet) {}

    /** Called on {@code fx} after each successful save (e.g. to reload the workstation's profile). */
    public void setOnSaved(Consumer<ProfileDocument> onSaved) {
        this.onSaved = onSaved;
    }

    // ---------------------------------------------------------------- state the view binds to

    public StringProperty name() {
        return name;
    }

    public StringProperty normalDescription() {
        return normalDescription;
    }

    public StringProperty strategy() {
        return strategy;
    }

    /** The AD classes as editable rows; add and remove them with {@link #addClass()} and {@link #removeClass}. */
    public ObservableList<PromptClassRow> classes() {
        return classesView;
    }

    /** The class whose definition and distinction are shown for editing. */
    public ReadOnlyObjectProperty<PromptClassRow> selectedClass() {
        return selectedClass.getReadOnlyProperty();
    }

    /** Reference image paths relative to the recipe folder. */
    public ObservableList<String> references() {
        return referencesView;
    }

    /** Where a reference image is now (the recipe folder may have moved to a station copy). */
    public Path referenceFile(String reference) {
        return workbench.recipeFolder().resolve(reference);
    }

    /** What must be fixed before the draft can be saved, in words. */
    public ObservableList<String> problems() {
        return problemsView;
    }

    /** True while a stored version is shown for reading and comparing. */
    public ReadOnlyBooleanProperty readOnly() {
        return readOnly.getReadOnlyProperty();
    }

    /** "Editing a draft based on bottle v1", "Viewing bottle v1 — read-only". */
    public ReadOnlyStringProperty mode() {
        return mode.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canSave() {
        return canSave.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canAddReference() {
        return canAddReference.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canBackToDraft() {
        return canBackToDraft.getReadOnlyProperty();
    }

    /** The last thing that happened, for the status bar. */
    public ReadOnlyStringProperty status() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tone> statusTone() {
        return statusTone.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ResultTab> resultTab() {
        return resultTab.getReadOnlyProperty();
    }

    public ObservableList<String> profileNames() {
        return profileNamesView;
    }

    public ReadOnlyStringProperty selectedProfile() {
        return selectedProfile.getReadOnlyProperty();
    }

    /** The versions of the selected profile, newest first. */
    public ObservableList<PromptProfileStore.Version> versions() {
        return versionsView;
    }

    /** "v2  ·  qa-lee  ·  2026-12-07 06:14". */
    public static String versionText(PromptProfileStore.Version v) {
        return "v" + v.version() + "  ·  " + v.author() + "  ·  " + WHEN.format(v.createdAt());
    }

    public ReadOnlyStringProperty diffTitle() {
        return diffTitle.getReadOnlyProperty();
    }

    public ObservableList<ProfileDiff.Line> diff() {
        return diffView;
    }

    public ReadOnlyStringProperty tryState() {
        return tryState.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tone> tryTone() {
        return tryTone.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty tryClass() {
        return tryClass.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty trySeverity() {
        return trySeverity.getReadOnlyProperty();
    }

    /** {@code severity-defect}, {@code severity-none} after an answer; empty before one. */
    public ReadOnlyStringProperty trySeverityStyle() {
        return trySeverityStyle.getReadOnlyProperty();
    }

    /** The rationale as it streams in, then as answered. */
    public ReadOnlyStringProperty tryRationale() {
        return tryRationale.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty tryFacts() {
        return tryFacts.getReadOnlyProperty();
    }

    /** What the explainer saw: the reference(s), the query and the outlined query. */
    /** Exactly what is (or a try has) sent for the draft: text sections and images. */
    public SendPreviewViewModel sendPreview() {
        return sendPreview;
    }

    /** Reference images from the snapshots or the decision log. */
    public ReferencePickerViewModel referencePicker() {
        return referencePicker;
    }

    public ReadOnlyBooleanProperty tryRunning() {
        return tryRunning.getReadOnlyProperty();
    }

    /** Whether a measurement includes {@code test/good} as normal. */
    public BooleanProperty includeGood() {
        return includeGood;
    }

    /** 0..1, or -1 (indeterminate) until the first image is explained. */
    public ReadOnlyDoubleProperty measureProgress() {
        return measureProgress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty measureState() {
        return measureState.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty measureReport() {
        return measureReport.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty measureRunning() {
        return measureRunning.getReadOnlyProperty();
    }

    /** The shipped labelled demo set, once {@link #start()} has looked for it: where the choosers start. */
    public Optional<Path> demoSet() {
        return demoSet;
    }

    /** The profile as edited right now (unsaved; version 0). */
    public ProfileDocument draft() {
        List<AnomalyClass> ad = classes.stream().map(PromptClassRow::toAnomalyClass).toList();
        return new ProfileDocument(new PromptProfile(name.get().strip(), 0, normalDescription.get(), ad,
                strategy.get(), List.copyOf(references)), base.offline());
    }

    /** The file name an export suggests: the profile name, with the version when one is opened read-only. */
    public String exportFileName() {
        return (name.get().isBlank() ? "profile" : name.get().strip()) + (readOnly.get() ? "-v" + base.version() : "") + ".json";
    }

    // ---------------------------------------------------------------- editing

    /** Adds a class named {@code new_class} and selects it. */
    public void addClass() {
        if (readOnly.get()) {
            return;
        }
        PromptClassRow row = new PromptClassRow();
        row.name.set("new_class");
        classes.add(row);
        selectClass(row);
    }

    public void removeClass(PromptClassRow row) {
        if (row != null && !readOnly.get()) {
            if (row == selectedClass.get()) {
                selectClass(null);
            }
            classes.remove(row);
        }
    }

    public void selectClass(PromptClassRow row) {
        selectedClass.set(row != null && classes.contains(row) ? row : null);
    }

    public void removeReference(String reference) {
        if (!readOnly.get()) {
            references.remove(reference);
        }
    }

    /**
     * Adds a reference image. One from outside the recipe folder is copied into it first, so the recipe (and an
     * exported profile) stays self-contained.
     */
    public void addReference(Path file) {
        background("Add reference image " + file.getFileName(), () -> workbench.addReference(file), ref -> {
            if (!references.contains(ref)) {
                references.add(ref);
            }
            message("Reference image " + ref + " added.", false);
            referencePicker.close();
        });
    }

    /** Fills the editor; read-only when showing a stored version for reading and comparing. */
    private void show(ProfileDocument document, boolean asReadOnly) {
        filling = true;
        try {
            base = document;
            PromptProfile p = document.profile();
            name.set(p.name());
            normalDescription.set(p.normalDescription());
            strategy.set(p.classificationStrategy());
            classes.setAll(p.anomalyClasses().stream().map(PromptClassRow::of).toList());
            references.setAll(p.referenceImages());
            selectClass(classes.isEmpty() ? null : classes.get(0));
        } finally {
            filling = false;
        }
        readOnly.set(asReadOnly);
        canBackToDraft.set(asReadOnly && draftWhileViewing.isPresent());
        mode.set(asReadOnly ? "Viewing " + document.name() + " v" + document.version() + " — read-only"
                : "Editing a draft" + (document.version() > 0 ? " based on " + document.name() + " v" + document.version() : ""));
        edited();
    }

    /** After every edit: the commands now allowed, and the draft checked again (reference images on the disk). */
    private void edited() {
        if (filling) {
            return;
        }
        ProfileDocument draft = draft();
        int asked = ++validationsAsked;
        updateCommands();
        ScreenWork.execute(background, () -> {
            List<String> found = workbench.problems(draft);
            publish(() -> {
                if (asked == validationsAsked) {
                    validationsDone = asked;
                    problems.setAll(found);
                    updateCommands();
                }
            });
        });
    }

    private void updateCommands() {
        boolean validated = validationsDone == validationsAsked;
        canSave.set(!readOnly.get() && !saving && validated && problems.isEmpty());
        canAddReference.set(!readOnly.get() && references.size() < PromptProfiles.MAX_REFERENCE_IMAGES);
    }

    // ---------------------------------------------------------------- versions

    /** Shows the versions of a stored profile. */
    public void selectProfile(String profile) {
        if (profile == null || profile.equals(selectedProfile.get())) {
            return;
        }
        selectedProfile.set(profile);
        loadVersions(profile);
    }

    private void refreshNames(String select) {
        background("List the stored profiles", () -> workbench.names(select), names -> {
            profileNames.setAll(names);
            selectedProfile.set(select);
            loadVersions(select);
        });
    }

    private void loadVersions(String profile) {
        background("List the versions of " + profile, () -> workbench.versionsNewestFirst(profile), list -> {
            if (profile.equals(selectedProfile.get())) {
                versions.setAll(list);
            }
        });
    }

    /** Opens the chosen version read-only ({@code null}: none chosen, the user is told to choose one). */
    public void open(PromptProfileStore.Version chosen) {
        if (chosen == null) {
            message("Select a version to open.", false);
            return;
        }
        open(chosen.name(), chosen.version());
    }

    /** Shows a stored version read-only; the draft is kept and comes back with {@link #backToDraft()}. */
    public void open(String profile, int version) {
        background("Read " + profile + " v" + version, () -> workbench.version(profile, version), found -> {
            if (found.isEmpty()) {
                message(profile + " v" + version + " is not in the database.", true);
                return;
            }
            if (!readOnly.get()) {
                draftWhileViewing = Optional.of(draft());
            }
            show(found.get(), true);
            message("Opened " + profile + " v" + version + " read-only.", false);
        });
    }

    /** Starts a new draft from the version shown read-only. */
    public void editFromViewed() {
        if (!readOnly.get()) {
            return;
        }
        ProfileDocument viewed = base;
        draftWhileViewing = Optional.empty();
        show(viewed, false);
        message("Editing a new draft from " + viewed.name() + " v" + viewed.version() + "; saving makes a new version.", false);
    }

    /** Leaves the version shown read-only and brings the draft back as it was. */
    public void backToDraft() {
        draftWhileViewing.ifPresent(d -> {
            draftWhileViewing = Optional.empty();
            show(d, false);
        });
    }

    /** Compares two chosen versions, or one with the draft. */
    public void compare(List<PromptProfileStore.Version> chosenVersions) {
        List<PromptProfileStore.Version> chosen = new ArrayList<>(chosenVersions);
        chosen.sort(Comparator.comparingInt(PromptProfileStore.Version::version));
        if (chosen.isEmpty() || chosen.size() > 2) {
            message("Select two versions to compare, or one to compare with the draft.", false);
            return;
        }
        ProfileDocument current = readOnly.get() ? draftWhileViewing.orElse(draft()) : draft();
        PromptProfileStore.Version older = chosen.get(0);
        Optional<PromptProfileStore.Version> newer = chosen.size() == 2 ? Optional.of(chosen.get(1)) : Optional.empty();
        background("Compare versions", () -> workbench.diff(older, newer, current), lines -> {
            String right = newer.map(v -> "v" + v.version()).orElse("the draft");
            long changed = lines.stream().filter(l -> l.change() != ProfileDiff.Change.SAME).count();
            diffTitle.set(older.name() + " v" + older.version() + " → " + right + ": " + changed + " changed line(s)");
            diff.setAll(lines);
            resultTab.set(ResultTab.COMPARE);
        });
    }

    // ---------------------------------------------------------------- save, import, export

    /** Stores the draft as a new version (when it is valid) and writes it to the recipe's profile file. */
    public void save() {
        if (!canSave.get()) {
            return;
        }
        ProfileDocument toSave = draft();
        saving = true;
        updateCommands();
        signatures.ask("published", "save " + toSave.name() + " as a new prompt profile version",
                signer -> workbench.save(toSave, signer), saved -> "prompt profile " + saved.document().name() + " v"
                        + saved.document().version() + (saved.newVersion() ? "" : " (no change)"), this::saved, problem -> {
                    saving = false;
                    updateCommands();
                    message("Not saved: " + problem, true);
                });
    }

    private void saved(PromptVersions.Saved saved) {
        saving = false;
        ProfileDocument d = saved.document();
        show(d, false);
        refreshNames(d.name());
        String what = saved.newVersion() ? "Saved " + d.name() + " v" + d.version() + "."
                : "No changes: " + d.name() + " is still v" + d.version() + ".";
        message(saved.warning().map(w -> what + " " + w).orElse(what), saved.warning().isPresent());
        onSaved.accept(d);
    }

    /** Loads a profile file into the draft (not saved until {@link #save()}). */
    public void importFrom(Path file) {
        background("Import " + file.getFileName(), () -> workbench.importFrom(file), imported -> {
            draftWhileViewing = Optional.empty();
            show(imported, false);
            message("Imported " + file.getFileName() + " as a draft; review it and save it as a new version.", false);
        });
    }

    /** Writes what the editor shows (the draft, or the version opened read-only) as readable JSON. */
    public void exportTo(Path file) {
        boolean viewing = readOnly.get();
        ProfileDocument shown = viewing ? base : draft();
        background("Export to " + file, () -> {
            workbench.exportTo(shown, file);
            return file;
        }, written -> message("Exported " + shown.name() + (viewing ? " v" + shown.version() : " (draft)") + " to " + written, false));
    }

    // ---------------------------------------------------------------- try and measure

    /** Looks for the image's ground-truth mask (MVTec layout) and hands the answer to {@code then} on {@code fx}. */
    public void findMask(Path image, Consumer<Optional<Path>> then) {
        background("Look for the mask of " + image.getFileName(), () -> workbench.maskOf(image), then);
    }

    /** Explains one image with the unsaved draft; the mask (white = anomalous) stands in for the detector. */
    public void tryOn(Path image, Optional<Path> mask) {
        ProfileDocument profile = draft();
        runningTry.ifPresent(ExplanationTask::cancel);
        resultTab.set(ResultTab.TRY);
        tryState.set("Preparing " + image.getFileName() + " …");
        tryClass.set("");
        trySeverity.set("");
        trySeverityStyle.set("");
        tryRationale.set("");
        tryFacts.set("");
        background("Try on " + image.getFileName(), () -> {
            ExplainRequest request = workbench.tryRequest(profile, image, mask);
            return new Prepared(request, explainer.get().preview(request));
        }, prepared -> {
            Explainer x = explainer.get();
            ExplainRequest request = prepared.request();
            sendPreview.show(prepared.sent(), "Sent for " + image.getFileName() + " (explainer: " + x.describe() + ")");
            tryState.set("Explaining " + image.getFileName() + " with " + x.describe() + " …");
            ExplanationTask task = x.explain(request, soFar -> publish(() -> tryRationale.set(soFar)));
            runningTry = Optional.of(task);
            tryRunning.set(true);
            task.result().thenAccept(e -> publish(() -> {
                if (runningTry.filter(t -> t == task).isPresent()) {
                    runningTry = Optional.empty();
                    tryRunning.set(false);
                }
                showTry(image, e);
            }));
        });
    }

    private record Prepared(ExplainRequest request, OutgoingRequest sent) {}

    /** Stops waiting for the running try; it ends as cancelled. */
    public void cancelTry() {
        runningTry.ifPresent(ExplanationTask::cancel);
    }

    private void showTry(Path image, Explanation e) {
        tryState.set(image.getFileName() + ": " + e.status() + (e.hasAnswer() ? "" : " — no valid answer"));
        tryTone.set(e.hasAnswer() ? Tone.MUTED : Tone.PROBLEM);
        tryClass.set(e.anomalyClass().orElse("no class"));
        Optional<Severity> s = e.severity();
        trySeverity.set(s.map(Severity::wire).orElse("—"));
        trySeverityStyle.set(s.map(v -> "severity-" + v.wire()).orElse("severity-none"));
        tryRationale.set(e.rationale());
        tryFacts.set(String.format(Locale.ROOT, "%s · draft profile %s · confidence %.2f · %d ms · tokens %d + %d%s%s",
                e.model(), e.profileName(), e.confidence(), e.latencyMs(), e.promptTokens(), e.completionTokens(),
                e.fromCache() ? " · from cache" : "", e.evidence().isBlank() ? "" : "\nLook: " + e.evidence()));
    }

    /** Measures the draft on a labelled folder with ground-truth masks as anomaly maps (see {@link PromptEvaluation}). */
    public void measure(Path dataFolder) {
        if (runningMeasure.isPresent()) {
            message("A measurement is already running; cancel it first.", true);
            return;
        }
        ProfileDocument profile = draft();
        Explainer x = explainer.get();
        boolean withGood = includeGood.get();
        AtomicBoolean cancelled = new AtomicBoolean();
        runningMeasure = Optional.of(cancelled);
        resultTab.set(ResultTab.MEASURE);
        measureReport.set("");
        measureProgress.set(-1);
        measureState.set("");
        measureRunning.set(true);
        ScreenWork.execute(background, () -> {
            try {
                PromptEvaluation.Report report = workbench.measure(x, profile, dataFolder, withGood, (fraction, text) ->
                        publish(() -> measureProgressed(cancelled, fraction, text)), cancelled::get);
                publish(() -> measured(cancelled, dataFolder, report));
            } catch (CancellationException e) {
                publish(() -> measureFinished(cancelled, 0, "Measurement cancelled."));
            } catch (Exception e) {
                publish(() -> {
                    measureFinished(cancelled, measureProgress.get(), cancelled.get() ? "Measurement cancelled." : "Measurement failed.");
                    if (!cancelled.get()) {
                        message(ScreenWork.describe(e), true);
                    }
                });
            }
        });
    }

    /** Stops the running measurement after the image being explained. */
    public void cancelMeasure() {
        runningMeasure.ifPresent(c -> c.set(true));
    }

    private void measureProgressed(AtomicBoolean run, double fraction, String text) {
        if (runningMeasure.filter(r -> r == run).isPresent()) {
            measureProgress.set(fraction);
            measureState.set(text);
        }
    }

    private void measured(AtomicBoolean run, Path dataFolder, PromptEvaluation.Report report) {
        measureFinished(run, 1, "Measured " + report.images() + " images in " + dataFolder.getFileName());
        measureReport.set(report.toText());
    }

    private void measureFinished(AtomicBoolean run, double progress, String state) {
        if (runningMeasure.filter(r -> r == run).isPresent()) {
            runningMeasure = Optional.empty();
        }
        measureRunning.set(runningMeasure.isPresent());
        measureProgress.set(progress);
        measureState.set(state);
    }

    /** Stops a running try or measurement (the explainer itself is borrowed and stays open). */
    @Override
    public void close() {
        runningTry.ifPresent(ExplanationTask::cancel);
        runningMeasure.ifPresent(c -> c.set(true));
    }

    // ---------------------------------------------------------------- helpers

    private <T> void background(String what, Callable<T> work, Consumer<T> done) {
        background(what, work, done, () -> { });
    }

    /** Runs {@code work} on the background executor; its result or failure is handled on {@code fx}. */
    private <T> void background(String what, Callable<T> work, Consumer<T> done, Runnable failed) {
        ScreenWork.execute(background, () -> {
            T result;
            try {
                result = work.call();
            } catch (Exception e) {
                publish(() -> {
                    failed.run();
                    message(what + " failed: " + ScreenWork.describe(e), true);
                });
                return;
            }
            publish(() -> done.accept(result));
        });
    }

    /** Hands a property change to the fx executor; a closed one means the screen is gone and nobody waits. */
    private void publish(Runnable change) {
        ScreenWork.execute(fx, change);
    }

    private void message(String text, boolean problem) {
        status.set(text);
        statusTone.set(problem ? Tone.PROBLEM : Tone.MUTED);
    }
}

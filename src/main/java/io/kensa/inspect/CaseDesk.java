package io.kensa.inspect;

import io.kensa.llm.ExplainRequest;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explanation;
import io.kensa.llm.ExplanationTask;
import io.kensa.llm.LoadedProfile;
import io.kensa.model.Decision;
import io.kensa.model.DecisionInput;
import io.kensa.model.ExplanationId;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.Operator;
import io.kensa.model.Permission;
import io.kensa.model.Severity;
import io.kensa.review.UndoWindow;
import io.kensa.store.FrameCounts;
import io.kensa.store.FrameNotRecorded;
import io.kensa.store.InspectionInput;
import io.kensa.store.InspectionStore;
import io.kensa.store.RecordedWithWarningException;
import io.kensa.store.StoreException;
import io.kensa.util.Threads;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inspector's desk: anomalous frames become cases, one at a time is current (frozen, explained, decided),
 * the rest wait. Every change runs on one named thread ("kensa-desk"), so store writes happen in order and a
 * decision's future completes only once the store says it is durable. The live pipeline never waits on the desk.
 */
public final class CaseDesk implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CaseDesk.class);
    /** Unstored frames the desk holds (each with its image) before further ones are recorded as not stored. */
    static final int MAX_UNSTORED = 50;

    private final InspectionStore store;
    private final Supplier<Explainer> explainer;
    private final Supplier<LoadedProfile> profile;
    private final String recipeName;
    private volatile int recipeVersion;
    private final int capacity;
    private final Consumer<DeskSnapshot> listener;
    private final UndoWindow undoWindow;
    private final Clock clock;
    private final ExecutorService thread = Threads.single("kensa-desk");
    /** Stores flagged frames (PNG encode + fsync) off the desk thread, so a keystroke never waits behind them. */
    private final ExecutorService recorder = Threads.single("kensa-record");
    private final AtomicInteger recording = new AtomicInteger();
    private final AtomicLong caseNumbers = new AtomicLong();
    /**
     * Flagged frames that could not be stored, waiting to be recorded as such (the database may be away too): small
     * records, written by the next store that works and at close.
     */
    private final Queue<FrameNotRecorded> notRecorded = new ConcurrentLinkedQueue<>();

    // state below is touched only on the desk thread
    private final Deque<Case> waiting = new ArrayDeque<>();
    private Optional<Case> current = Optional.empty();
    private Optional<ExplanationTask> task = Optional.empty();
    /** Which explanation attempt the current case shows: a late callback of an earlier attempt must not overwrite it. */
    private long attempt;
    private Optional<Decision> lastDecision = Optional.empty();
    private Optional<Case> lastDecidedCase = Optional.empty();
    /** Someone is signed in at the station; while not, cases are stored and queued but not explained. */
    private boolean attended = true;
    private Optional<String> problem = Optional.empty();
    /** Set by {@link #recorded}: the last decision is stored but in doubt; cleared by the next desk write. */
    private Optional<String> warning = Optional.empty();
    private long notQueued;
    private long decided;
    /** This station's flagged frames stored and recorded as not stored: read from the database, then counted along. */
    private FrameCounts frames = FrameCounts.NONE;

    public CaseDesk(InspectionStore store, Supplier<Explainer> explainer, Supplier<LoadedProfile> profile, String recipeName,
                    int recipeVersion, int capacity, Consumer<DeskSnapshot> listener) {
        this(store, explainer, profile, recipeName, recipeVersion, capacity, listener, UndoWindow.DEFAULT, Clock.systemUTC());
    }

    CaseDesk(InspectionStore store, Supplier<Explainer> explainer, Supplier<LoadedProfile> profile, String recipeName,
             int recipeVersion, int capacity, Consumer<DeskSnapshot> listener, UndoWindow undoWindow, Clock clock) {
        this.store = store;
        this.explainer = explainer;
        this.profile = profile;
        this.recipeName = recipeName;
        this.recipeVersion = recipeVersion;
        this.capacity = Math.max(1, capacity);
        this.listener = listener;
        this.undoWindow = undoWindow;
        this.clock = clock;
        try {
            frames = store.frameCounts();
        } catch (StoreException e) {
            problem = Optional.of(e.getMessage());
        }
    }

    /** The recipe was saved as a new version (its camera settings): inspections stored from now on name it. */
    void recipeVersion(int version) {
        recipeVersion = version;
    }

    /**
     * A frame over the gate: stored as an inspection, then presented when its turn comes (or counted when the queue
     * is full). A burst waits in the recorder's queue; a frame the store refused stays on the desk to be stored on
     * its decision, up to {@link #MAX_UNSTORED} of them, and past that (or once the desk has closed) it is recorded
     * as not stored, with the reason.
     */
    public void offer(Inspected inspected) {
        recording.incrementAndGet();
        Case opened = Case.open(caseNumbers.incrementAndGet(), inspected, false);
        try {
            recorder.execute(() -> {
                Stored stored = store(opened);
                recording.decrementAndGet();
                onDesk(() -> {
                    stored.applyTo(this);
                    if (stored.c().inspection().isPresent()) {
                        frames = frames.plusRecorded();
                    }
                    if (current.isEmpty()) {
                        open(stored.c());
                    } else if (stored.c().inspection().isEmpty() && unstoredOnDesk() >= MAX_UNSTORED) {
                        notRecorded.add(FrameNotRecorded.of(inspectionInput(stored.c()), stored.failure().orElse("")
                                + " (" + MAX_UNSTORED + " flagged frames already wait on the desk unstored)"));
                        recordNotRecordedLater();
                    } else if (waiting.size() < capacity || stored.c().inspection().isEmpty()) {
                        // a frame the store could not take yet is kept (even past capacity): it is stored on decision
                        waiting.addLast(stored.c());
                    } else {
                        notQueued++;
                    }
                    publish();
                });
                recordNotRecorded();
            });
        } catch (RejectedExecutionException e) {
            recording.decrementAndGet();
            notRecorded.add(FrameNotRecorded.of(inspectionInput(opened), "the workstation was closing when it was flagged"));
            recordNotRecorded();
        }
    }

    /** Cases on the desk whose frame is not stored yet (current or waiting). */
    private long unstoredOnDesk() {
        return waiting.stream().filter(k -> k.inspection().isEmpty()).count()
                + current.filter(k -> k.inspection().isEmpty()).map(k -> 1L).orElse(0L);
    }

    private void recordNotRecordedLater() {
        try {
            recorder.execute(this::recordNotRecorded);
        } catch (RejectedExecutionException e) {
            LOG.debug("Recorder closed: the frames not stored are recorded as such at close");
        }
    }

    /**
     * Writes the frames waiting to be recorded as not stored; those the database refuses too stay for the next try
     * (the next flagged frame, and close). Runs on the recorder thread, or on the caller's once the desk is closed.
     */
    private synchronized void recordNotRecorded() {
        for (FrameNotRecorded frame; (frame = notRecorded.peek()) != null; notRecorded.poll()) {
            try {
                store.recordNotRecorded(frame);
            } catch (StoreException e) {
                LOG.warn("{} flagged frame(s) not stored could not be recorded as such yet: {}", notRecorded.size(),
                        e.getMessage());
                return;
            }
            onDesk(() -> {
                frames = frames.plusNotRecorded();
                publish();
            });
        }
    }

    /** "Send to LLM": the inspector wants this frame explained now, whatever its score; it becomes current. */
    public void sendOnDemand(Inspected inspected) {
        onDesk(() -> {
            Stored stored = store(Case.open(caseNumbers.incrementAndGet(), inspected, true));
            stored.applyTo(this);
            if (stored.c().inspection().isPresent()) {
                frames = frames.plusRecorded();
            }
            current.ifPresent(waiting::addFirst);
            cancelTask();
            open(stored.c());
            publish();
        });
    }

    /** "Explain again": a fresh explanation of the current case (the earlier one stays stored). */
    public void explainAgain() {
        onDesk(() -> current.ifPresent(c -> {
            cancelTask();
            startExplaining(c);
            publish();
        }));
    }

    /**
     * Accept the machine's class and severity for case {@code caseNumber} — the one on the inspector's screen; if the
     * desk has moved on meanwhile (double key press, pedal bounce) nothing is recorded.
     */
    public CompletableFuture<Decision> accept(long caseNumber, Operator operator) {
        return decide(caseNumber, operator, c -> {
            String cls = c.machineClass().orElseThrow(() -> new IllegalStateException(
                    "There is no machine class to accept (the explanation did not give one). Use Override to record the true class."));
            Severity severity = c.explanation().flatMap(Explanation::severity).orElse(Severity.DEFECT);
            return DecisionInput.accept(cls, severity, operator, c.explanationId());
        });
    }

    /** Override case {@code caseNumber} with the true class and severity (and an optional comment). */
    public CompletableFuture<Decision> override(long caseNumber, Operator operator, String trueClass, Severity severity,
                                                String comment) {
        return decide(caseNumber, operator, c -> DecisionInput.override(trueClass, severity, comment, operator, c.explanationId()));
    }

    /** Withdraws the last decision made here (recorded as its own event) and brings its case back. */
    public CompletableFuture<Decision> undo(Operator operator) {
        return onDeskWrite(() -> {
            Permission.DECIDE.require(operator);
            Decision last = undoWindow.undoable(lastDecision, operator, clock.instant()).orElseThrow(() ->
                    new IllegalStateException("Nothing to undo: undo works on your last decision within "
                            + undoWindow.length().toSeconds() + " s."));
            Decision undo = recorded(() -> store.undo(last.id(), operator));
            lastDecision = Optional.empty();
            Optional<Case> back = lastDecidedCase;
            lastDecidedCase = Optional.empty();
            back.ifPresent(c -> {
                current.ifPresent(waiting::addFirst);
                cancelTask();
                open(c); // explained again if its explanation was cut short by the decision
            });
            return undo;
        });
    }

    /** Records a decision on the case shown, if the operator's role decides cases (checked here, not by the view). */
    private CompletableFuture<Decision> decide(long caseNumber, Operator operator,
                                               java.util.function.Function<Case, DecisionInput> input) {
        return onDeskWrite(() -> {
            Permission.DECIDE.require(operator);
            Case c = current.orElseThrow(() -> new IllegalStateException("There is no case to decide on."));
            if (c.number() != caseNumber) {
                throw new IllegalStateException("The case changed before the decision arrived (now case " + c.number()
                        + "). Look at the case shown and decide again.");
            }
            if (c.inspection().isEmpty()) {
                // the database was away when the case opened: store the frame, then what was explained about it
                c = c.stored(store.recordInspection(inspectionInput(c)));
                current = Optional.of(c); // kept even if the decision below fails: never store the frame twice
                frames = frames.plusRecorded();
            }
            if (c.explanationId().isEmpty() && c.explanation().isPresent()) {
                Explanation shown = c.explanation().get();
                c = c.explained(shown, Optional.of(store.recordExplanation(c.inspection().get(), shown)));
                current = Optional.of(c);
            }
            DecisionInput decision = input.apply(c);
            Case decidedCase = c;
            Decision stored = recorded(() -> store.recordDecision(decidedCase.inspection().get(), decision));
            decided++;
            lastDecision = Optional.of(stored);
            lastDecidedCase = Optional.of(c);
            cancelTask();
            current = Optional.empty();
            Case next = waiting.pollFirst();
            if (next != null) {
                open(next);
            }
            return stored;
        });
    }

    /** A store write on the desk thread whose future completes only after the store returned (durable). */
    private interface StoreWrite {
        Decision run() throws StoreException;
    }

    /**
     * A decision the store committed but could not confirm on disk (or note in the head log) counts as made: the desk
     * moves on as after any decision, since deciding again would record it twice, and shows the store's warning.
     */
    private Decision recorded(StoreWrite write) throws StoreException {
        try {
            return write.run();
        } catch (RecordedWithWarningException e) {
            LOG.warn("{}", e.getMessage());
            warning = Optional.of(e.getMessage());
            return e.decision();
        }
    }

    private CompletableFuture<Decision> onDeskWrite(StoreWrite write) {
        CompletableFuture<Decision> done = new CompletableFuture<>();
        onDesk(() -> {
            warning = Optional.empty();
            try {
                Decision result = write.run();
                problem = Optional.empty();
                done.complete(result);
            } catch (StoreException e) {
                // the case stays where it was: nothing is lost, the inspector sees why and can try again
                problem = Optional.of(e.getMessage());
                done.completeExceptionally(e);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
            publish();
        });
        if (thread.isShutdown()) {
            done.completeExceptionally(new IllegalStateException("The workstation is closing: nothing was recorded."));
        }
        return done;
    }

    /** Runs on the desk thread; late callbacks (an explanation finishing while Kensa closes) are logged, not thrown. */
    private void onDesk(Runnable work) {
        try {
            thread.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Desk closed; dropped a late update");
        }
    }

    /**
     * Someone signed in ({@code true}) or nobody is at the station. While unattended every flagged frame is still
     * stored and queued as a case (never passed), and no decision can be made (nobody holds {@code DECIDE}), but no
     * case is explained: an LLM call for a screen nobody reads is spent for nothing. Once someone signs in, the
     * current case is explained as it would have been.
     */
    public void attended(boolean someone) {
        onDesk(() -> {
            boolean was = attended;
            attended = someone;
            if (someone && !was) {
                current.filter(c -> !c.explaining() && wantsExplaining(c)).ifPresent(this::startExplaining);
            }
            publish();
        });
    }

    /** Sends the current state again (the window re-reads it after a decision to restore its buttons). */
    public void republish() {
        onDesk(this::publish);
    }

    private void open(Case c) {
        attempt++;
        current = Optional.of(c.explaining() ? c.notExplaining() : c);
        if (attended && wantsExplaining(c)) {
            startExplaining(c);
        }
    }

    /**
     * A case without an explanation (or whose one was cut short) that the gate sends or the inspector asked for. A case
     * pushed back by "Send to LLM" or brought back by undo lost its running explanation: it is explained again; with
     * automatic sending off ("on demand only") the inspector asks for it.
     */
    private boolean wantsExplaining(Case c) {
        boolean unexplained = c.explanation().map(e -> e.status() == ExplanationStatus.CANCELLED).orElse(true);
        return unexplained && (c.onDemand() || explainer.get().shouldSend(c.inspected().detection()));
    }

    private void startExplaining(Case c) {
        Case explaining = c.explainingNow();
        current = Optional.of(explaining);
        long number = c.number();
        long mine = ++attempt;
        ExplanationTask t = explainer.get().explain(new ExplainRequest(c.inspected().frame().image(), c.inspected().detection(),
                profile.get(), c.inspected().classification()), text -> onDesk(() -> update(number, mine, k -> k.streaming(text))));
        task = Optional.of(t);
        t.sent().thenAccept(prompt -> onDesk(() -> update(number, mine, k -> k.showing(prompt))));
        t.result().thenAccept(e -> onDesk(() -> finished(number, mine, e)));
    }

    private void finished(long number, long ofAttempt, Explanation e) {
        Optional<ExplanationId> id = Optional.empty();
        Optional<Case> c = current.filter(k -> k.number() == number);
        if (c.isEmpty()) {
            c = waiting.stream().filter(k -> k.number() == number).findFirst();
        }
        if (c.isEmpty()) {
            // decided before its explanation ended (e.g. cancelled on the decision): still part of the record
            c = lastDecidedCase.filter(k -> k.number() == number);
        }
        if (c.isPresent() && c.get().inspection().isPresent()) {
            try {
                id = Optional.of(store.recordExplanation(c.get().inspection().get(), e));
                problem = Optional.empty();
            } catch (StoreException ex) {
                problem = Optional.of(ex.getMessage());
            }
        }
        Optional<ExplanationId> storedId = id;
        update(number, ofAttempt, k -> k.explained(e, storedId));
    }

    /** Applies an explanation's progress to its case, wherever it is (current, waiting, or just decided). */
    private void update(long number, long ofAttempt, java.util.function.UnaryOperator<Case> change) {
        if (current.isPresent() && current.get().number() == number) {
            if (ofAttempt == attempt) { // an older attempt's late news (e.g. the one cut short before an undo) is stale
                current = Optional.of(change.apply(current.get()));
                publish();
            }
            return;
        }
        // a case away from the desk (pushed back by "Send to LLM", or just decided) still receives the explanation it
        // was waiting for; once it has one, late news of an earlier, cancelled attempt must not replace it
        java.util.function.UnaryOperator<Case> ifWaitingForIt = k -> k.number() == number && k.explaining() ? change.apply(k) : k;
        lastDecidedCase = lastDecidedCase.map(ifWaitingForIt);
        Deque<Case> updated = new ArrayDeque<>();
        for (Case k : waiting) {
            updated.addLast(ifWaitingForIt.apply(k));
        }
        waiting.clear();
        waiting.addAll(updated);
    }

    /** A case after its storing attempt, and the problem to show if it failed (applied on the desk thread). */
    private record Stored(Case c, Optional<String> failure) {
        void applyTo(CaseDesk desk) {
            desk.problem = failure;
        }
    }

    private Stored store(Case c) {
        try {
            return new Stored(c.stored(store.recordInspection(inspectionInput(c))), Optional.empty());
        } catch (StoreException e) {
            LOG.warn("Inspection not stored yet (stored when it is decided): {}", e.getMessage());
            return new Stored(c, Optional.of(e.getMessage()));
        }
    }

    private InspectionInput inspectionInput(Case c) {
        return new InspectionInput(c.inspected().frame(), c.inspected().detection(), recipeName, recipeVersion,
                c.inspected().classification());
    }

    private void cancelTask() {
        task.ifPresent(ExplanationTask::cancel);
        task = Optional.empty();
    }

    private void publish() {
        listener.accept(new DeskSnapshot(current, waiting.size(), notQueued, decided, frames, lastDecision, problem,
                warning));
    }

    /**
     * Finishes the frames being stored and the desk's pending writes (explanations that just ended), tries once more
     * to store the frames on the desk that are not stored yet, records those it cannot as not stored, then stops.
     */
    @Override
    public void close() {
        if (thread.isShutdown()) {
            return;
        }
        try {
            recorder.shutdown();
            if (!recorder.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Frames still being stored after 10 s at close");
            }
            onDesk(() -> {
                cancelTask();
                storeOrReportUnstored();
            });
            thread.shutdown();
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("The desk did not finish its last store write within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recordNotRecorded();
        notRecorded.forEach(f -> LOG.error("Flagged frame {} #{} ({}, captured {}, score {} / threshold {}) was neither "
                + "stored nor recorded as not stored: {}", f.origin(), f.sequence(), f.source(), f.capturedAt(), f.score(),
                f.threshold(), f.reason()));
    }

    /**
     * At close: a last try to store the undecided frames that are not stored. Once one fails the store is still
     * failing, so the rest are noted as not recorded at once (each try costs a PNG encode, and close must end).
     */
    private void storeOrReportUnstored() {
        List<Case> onDesk = new ArrayList<>();
        current.ifPresent(onDesk::add);
        onDesk.addAll(waiting);
        Optional<String> failing = Optional.empty();
        for (Case c : onDesk) {
            if (c.inspection().isPresent()) {
                continue;
            }
            if (failing.isEmpty()) {
                try {
                    store.recordInspection(inspectionInput(c));
                    frames = frames.plusRecorded();
                    continue;
                } catch (StoreException e) {
                    failing = Optional.of(e.getMessage());
                }
            }
            notRecorded.add(FrameNotRecorded.of(inspectionInput(c), failing.get()
                    + " (the workstation closed before the frame could be stored)"));
        }
    }
}

package io.kensa.inspect;

import io.kensa.llm.ExplainRequest;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explanation;
import io.kensa.llm.ExplanationStatus;
import io.kensa.llm.ExplanationTask;
import io.kensa.llm.LoadedProfile;
import io.kensa.llm.Severity;
import io.kensa.review.Decision;
import io.kensa.review.DecisionInput;
import io.kensa.review.ExplanationId;
import io.kensa.review.InspectionId;
import io.kensa.review.Operator;
import io.kensa.review.UndoWindow;
import io.kensa.store.InspectionInput;
import io.kensa.store.InspectionStore;
import io.kensa.store.StoreException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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

    private final InspectionStore store;
    private final Supplier<Explainer> explainer;
    private final Supplier<LoadedProfile> profile;
    private final String recipeName;
    private final int recipeVersion;
    private final int capacity;
    private final Consumer<DeskSnapshot> listener;
    private final UndoWindow undoWindow;
    private final Clock clock;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kensa-desk");
        t.setDaemon(true);
        return t;
    });

    // state below is touched only on the desk thread
    private final Deque<Case> waiting = new ArrayDeque<>();
    private Optional<Case> current = Optional.empty();
    private Optional<ExplanationTask> task = Optional.empty();
    private Optional<Decision> lastDecision = Optional.empty();
    private Optional<Case> lastDecidedCase = Optional.empty();
    private Optional<String> problem = Optional.empty();
    private long caseNumbers;
    private long notQueued;
    private long decided;

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
    }

    /** A frame over the gate: stored now, presented when its turn comes (or counted when the queue is full). */
    public void offer(Inspected inspected) {
        thread.execute(() -> {
            Case c = storeInspection(Case.open(++caseNumbers, inspected, false));
            if (current.isEmpty()) {
                open(c);
            } else if (waiting.size() < capacity) {
                waiting.addLast(c);
            } else {
                notQueued++;
            }
            publish();
        });
    }

    /** "Send to LLM": the inspector wants this frame explained now, whatever its score; it becomes current. */
    public void sendOnDemand(Inspected inspected) {
        thread.execute(() -> {
            Case c = storeInspection(Case.open(++caseNumbers, inspected, true));
            current.ifPresent(waiting::addFirst);
            cancelTask();
            open(c);
            publish();
        });
    }

    /** "Explain again": a fresh explanation of the current case (the earlier one stays stored). */
    public void explainAgain() {
        thread.execute(() -> current.ifPresent(c -> {
            cancelTask();
            startExplaining(c);
            publish();
        }));
    }

    /** Accept the machine's class and severity for the current case. */
    public CompletableFuture<Decision> accept(Operator operator) {
        return decide(c -> {
            String cls = c.machineClass().orElseThrow(() -> new IllegalStateException(
                    "There is no machine class to accept (the explanation did not give one). Use Override to record the true class."));
            Severity severity = c.explanation().flatMap(Explanation::severity).orElse(Severity.DEFECT);
            return DecisionInput.accept(cls, severity, operator, c.explanationId());
        });
    }

    /** Override with the true class and severity (and an optional comment). */
    public CompletableFuture<Decision> override(Operator operator, String trueClass, Severity severity, String comment) {
        return decide(c -> DecisionInput.override(trueClass, severity, comment, operator, c.explanationId()));
    }

    /** Withdraws the last decision made here (recorded as its own event) and brings its case back. */
    public CompletableFuture<Decision> undo(Operator operator) {
        return onDesk(() -> {
            Decision last = undoWindow.undoable(lastDecision, operator, clock.instant()).orElseThrow(() ->
                    new IllegalStateException("Nothing to undo: undo works on your last decision within "
                            + undoWindow.length().toSeconds() + " s."));
            Decision undo = store.undo(last.id(), operator);
            lastDecision = Optional.empty();
            lastDecidedCase.ifPresent(c -> {
                current.ifPresent(waiting::addFirst);
                current = Optional.of(c);
            });
            lastDecidedCase = Optional.empty();
            return undo;
        });
    }

    public void refresh() {
        thread.execute(this::publish);
    }

    private CompletableFuture<Decision> decide(java.util.function.Function<Case, DecisionInput> input) {
        return onDesk(() -> {
            Case c = current.orElseThrow(() -> new IllegalStateException("There is no case to decide on."));
            DecisionInput decision = input.apply(c);
            if (c.inspection().isEmpty()) {
                c = c.stored(store.recordInspection(inspectionInput(c)));
                current = Optional.of(c); // kept even if the decision below fails: never store the frame twice
            }
            Decision stored = store.recordDecision(c.inspection().get(), decision);
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

    private CompletableFuture<Decision> onDesk(StoreWrite write) {
        CompletableFuture<Decision> done = new CompletableFuture<>();
        thread.execute(() -> {
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
        return done;
    }

    private void open(Case c) {
        current = Optional.of(c);
        // a case pushed back by "Send to LLM" lost its running explanation: explain it again when it returns
        if (c.explanation().map(e -> e.status() == ExplanationStatus.CANCELLED).orElse(true)) {
            startExplaining(c);
        }
    }

    private void startExplaining(Case c) {
        Case explaining = c.explainingNow();
        current = Optional.of(explaining);
        long number = c.number();
        ExplanationTask t = explainer.get().explain(new ExplainRequest(c.inspected().frame().image(), c.inspected().detection(),
                profile.get()), text -> thread.execute(() -> update(number, k -> k.streaming(text))));
        task = Optional.of(t);
        t.sent().thenAccept(prompt -> thread.execute(() -> update(number, k -> k.showing(prompt))));
        t.result().thenAccept(e -> thread.execute(() -> finished(number, e)));
    }

    private void finished(long number, Explanation e) {
        Optional<ExplanationId> id = Optional.empty();
        Optional<Case> c = current.filter(k -> k.number() == number);
        if (c.isEmpty()) {
            c = waiting.stream().filter(k -> k.number() == number).findFirst();
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
        update(number, k -> k.explained(e, storedId));
    }

    private void update(long number, java.util.function.UnaryOperator<Case> change) {
        if (current.isPresent() && current.get().number() == number) {
            current = Optional.of(change.apply(current.get()));
            publish();
            return;
        }
        // a case pushed back by "Send to LLM" keeps receiving its explanation
        Deque<Case> updated = new ArrayDeque<>();
        for (Case k : waiting) {
            updated.addLast(k.number() == number ? change.apply(k) : k);
        }
        waiting.clear();
        waiting.addAll(updated);
    }

    private Case storeInspection(Case c) {
        try {
            InspectionId id = store.recordInspection(inspectionInput(c));
            problem = Optional.empty();
            return c.stored(id);
        } catch (StoreException e) {
            LOG.warn("Inspection not stored yet: {}", e.getMessage());
            problem = Optional.of(e.getMessage());
            return c;
        }
    }

    private InspectionInput inspectionInput(Case c) {
        return new InspectionInput(c.inspected().frame(), c.inspected().detection(), recipeName, recipeVersion);
    }

    private void cancelTask() {
        task.ifPresent(ExplanationTask::cancel);
        task = Optional.empty();
    }

    private void publish() {
        listener.accept(new DeskSnapshot(current, waiting.size(), notQueued, decided, lastDecision, problem));
    }

    @Override
    public void close() {
        thread.execute(this::cancelTask);
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("The desk did not finish its last store write within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

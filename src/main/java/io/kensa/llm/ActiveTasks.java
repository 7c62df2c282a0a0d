package io.kensa.llm;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The explanations an explainer has started and not yet finished, so that closing it can cancel them. */
final class ActiveTasks {
    private final Set<ExplanationTask> active = ConcurrentHashMap.newKeySet();

    /** A new task, tracked until its result completes; {@code cancelledRecord} is its result if it is cancelled. */
    ExplanationTask start(Supplier<Explanation> cancelledRecord) {
        ExplanationTask task = new ExplanationTask(cancelledRecord);
        active.add(task);
        task.result().whenComplete((e, error) -> active.remove(task));
        return task;
    }

    void cancelAll() {
        active.forEach(ExplanationTask::cancel);
    }
}

package io.kensa.llm;

import io.kensa.util.Percentiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

/** Thread-safe counters and the sliding-hour budget of one explainer. */
final class Counters {
    private static final int LATENCY_SAMPLES = 500;
    private static final Duration WINDOW = Duration.ofHours(1);

    /** One call's share of the hourly budget; tokens and cost are filled in when the call ends. */
    static final class Spend {
        private final Instant at;
        private long tokens;
        private double cost;

        private Spend(Instant at) {
            this.at = at;
        }
    }

    /** Either a reserved spend or the reason the budget refuses the call. */
    record Reservation(Optional<Spend> spend, String refusal) {}

    private final Deque<Spend> lastHour = new ArrayDeque<>();
    private final long[] latencies = new long[LATENCY_SAMPLES];
    private int latencyCount;
    private long calls;
    private long cacheHits;
    private long failures;
    private long budgetRefusals;
    private long promptTokens;
    private long completionTokens;
    private double cost;

    /** Reserves one call in the budget, or says why not (the caller then records a {@code BUDGET_EXCEEDED}). */
    synchronized Reservation reserve(LlmSettings.Budget budget, Instant now) {
        while (!lastHour.isEmpty() && lastHour.peekFirst().at.isBefore(now.minus(WINDOW))) {
            lastHour.removeFirst();
        }
        long tokens = lastHour.stream().mapToLong(s -> s.tokens).sum();
        double spent = lastHour.stream().mapToDouble(s -> s.cost).sum();
        String problem = null;
        if (budget.maxCallsPerHour() > 0 && lastHour.size() >= budget.maxCallsPerHour()) {
            problem = "the limit of " + budget.maxCallsPerHour() + " LLM calls per hour is reached";
        } else if (budget.maxTokensPerHour() > 0 && tokens >= budget.maxTokensPerHour()) {
            problem = "the limit of " + budget.maxTokensPerHour() + " tokens per hour is reached (" + tokens + " used)";
        } else if (budget.maxCostPerHour() > 0 && spent >= budget.maxCostPerHour()) {
            problem = String.format(Locale.ROOT, "the cost limit of %.2f per hour is reached (%.2f estimated)",
                    budget.maxCostPerHour(), spent);
        }
        if (problem != null) {
            budgetRefusals++;
            return new Reservation(Optional.empty(), problem);
        }
        Spend spend = new Spend(now);
        lastHour.addLast(spend);
        calls++;
        return new Reservation(Optional.of(spend), "");
    }

    /** Books the outcome of a reserved call. */
    synchronized void finished(Spend spend, long latencyMs, long prompt, long completion, double callCost, boolean ok) {
        latencies[latencyCount++ % LATENCY_SAMPLES] = latencyMs;
        promptTokens += prompt;
        completionTokens += completion;
        cost += callCost;
        if (!ok) {
            failures++;
        }
        spend.tokens = prompt + completion;
        spend.cost = callCost;
    }

    synchronized void cacheHit() {
        cacheHits++;
    }

    synchronized ExplainerStats snapshot(Instant now) {
        int n = Math.min(latencyCount, LATENCY_SAMPLES);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        long callsInWindow = lastHour.stream().filter(s -> !s.at.isBefore(now.minus(WINDOW))).count();
        return new ExplainerStats(calls, cacheHits, failures, budgetRefusals, promptTokens, completionTokens, cost,
                Percentiles.nearestRank(sorted, 0.50), Percentiles.nearestRank(sorted, 0.95), (int) callsInWindow);
    }
}

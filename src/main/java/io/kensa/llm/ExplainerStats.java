package io.kensa.llm;

/**
 * Counters of one explainer since it started.
 *
 * @param calls             requests that went to the explainer (not cache hits, not refused by the budget)
 * @param cacheHits         answers served from the request cache
 * @param failures          calls that ended without a valid answer
 * @param budgetRefusals    explanations not sent because the hourly budget was used up
 * @param costEstimate      from the token counts and the configured prices (0 when no prices are set)
 * @param callsLastHour     calls in the sliding hour the budget counts
 */
public record ExplainerStats(long calls, long cacheHits, long failures, long budgetRefusals, long promptTokens,
                             long completionTokens, double costEstimate, long latencyP50Ms, long latencyP95Ms,
                             int callsLastHour) {}

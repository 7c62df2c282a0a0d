package io.kensa.llm;

import io.kensa.model.Severity;
/**
 * One anomaly class of a prompt profile (VELM's AD section).
 *
 * @param name             short identifier the answer must use, e.g. {@code broken_small}
 * @param definition       what it looks like
 * @param distinguishFrom  how to tell it from the classes it is confused with
 * @param defaultSeverity  the severity when nothing else is said
 */
public record AnomalyClass(String name, String definition, String distinguishFrom, Severity defaultSeverity) {}

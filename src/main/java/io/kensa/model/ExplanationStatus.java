package io.kensa.model;

/** How an explanation attempt ended; every attempt ends in exactly one of these and is stored. */
public enum ExplanationStatus {
    /** a schema-valid answer from the LLM */
    ANSWERED,
    /** the built-in offline explainer's description (not an LLM) */
    OFFLINE,
    /** the model answered, but not in the schema (bad JSON, unknown class, missing field) */
    INVALID_ANSWER,
    /** the model declined to answer */
    REFUSED,
    TIMEOUT,
    UNREACHABLE,
    UNAUTHORIZED,
    RATE_LIMITED,
    SERVER_ERROR,
    /** not sent: the hourly call or cost budget is used up */
    BUDGET_EXCEEDED,
    CANCELLED
}

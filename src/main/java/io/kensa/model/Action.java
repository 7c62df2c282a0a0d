package io.kensa.model;

/** What a decision row says. An undo is its own row naming the decision it withdraws; nothing is edited. */
public enum Action {
    /** the machine's verdict is right */
    ACCEPT,
    /** the inspector names the true class and severity */
    OVERRIDE,
    /** withdraws an earlier decision */
    UNDO
}

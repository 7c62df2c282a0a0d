package io.kensa.model;

/** Length limits of typed text, checked where a record is built so the message can name the limit. */
final class TextLimit {
    private TextLimit() {}

    /**
     * @param what   the text's name as it starts the message, e.g. "the comment"
     * @param advice appended after the limit (e.g. ": shorten it"), or empty
     * @throws IllegalArgumentException "{@code what} is N characters long; at most MAX are allowed{@code advice}"
     */
    static void atMost(String what, String text, int max, String advice) {
        if (text.length() > max) {
            throw new IllegalArgumentException(what + " is " + text.length() + " characters long; at most " + max
                    + " are allowed" + advice);
        }
    }
}

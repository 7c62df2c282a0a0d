package io.kensa.llm;

import java.util.Optional;

/**
 * Reads one top-level string field out of JSON that is still arriving, so the rationale can be shown while the
 * model writes it. Lenient on purpose: the complete answer is checked strictly by {@link AnswerSchema}.
 */
final class PartialJson {
    private PartialJson() {}

    /** The field's value so far (possibly incomplete), or empty when its value has not started yet. */
    static Optional<String> stringField(String text, String field) {
        int i = text.indexOf('{');
        if (i < 0) {
            return Optional.empty();
        }
        int depth = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"') {
                StringBuilder token = new StringBuilder();
                int after = readString(text, i + 1, token);
                if (after < 0) {
                    return Optional.empty();
                }
                int colon = skipSpace(text, after);
                if (depth == 1 && colon < n && text.charAt(colon) == ':' && token.toString().equals(field)) {
                    int start = skipSpace(text, colon + 1);
                    if (start >= n || text.charAt(start) != '"') {
                        return Optional.empty();
                    }
                    StringBuilder value = new StringBuilder();
                    readString(text, start + 1, value);
                    return Optional.of(value.toString());
                }
                i = after;
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
            i++;
        }
        return Optional.empty();
    }

    /** Appends the decoded string starting at {@code i}; returns the index after the closing quote, or -1 if cut off. */
    private static int readString(String text, int i, StringBuilder out) {
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= n) {
                return -1;
            }
            char e = text.charAt(i + 1);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 6 > n) {
                        return -1;
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                    } catch (NumberFormatException ex) {
                        return -1;
                    }
                    i += 4;
                }
                default -> out.append(e);
            }
            i += 2;
        }
        return -1;
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}

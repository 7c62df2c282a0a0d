package io.kensa.util;

import java.util.List;
import java.util.Optional;

/**
 * One CSV (RFC 4180) line. A cell that a spreadsheet would run as a formula (starting with {@code = + - @}, a tab
 * or a carriage return) gets a leading apostrophe: an LLM reply or an operator's comment must not become a formula
 * on a supervisor's machine. Numbers are written as they are.
 */
public final class Csv {
    private Csv() {}

    /** The cells, comma-separated, ending in CRLF; empty Optionals and nulls are empty cells. */
    public static String line(List<?> values) {
        StringBuilder line = new StringBuilder();
        for (Object value : values) {
            if (!line.isEmpty()) {
                line.append(',');
            }
            String text = cell(value);
            if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                line.append('"').append(text.replace("\"", "\"\"")).append('"');
            } else {
                line.append(text);
            }
        }
        return line.append("\r\n").toString();
    }

    private static String cell(Object value) {
        if (value instanceof Optional<?> optional) {
            return optional.map(Csv::cell).orElse("");
        }
        if (value == null) {
            return "";
        }
        String text = String.valueOf(value);
        if (value instanceof Number || text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + text : text;
    }
}

package io.kensa.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one place an LLM base URL is made safe to show: user-info ({@code user:password@}) and every query parameter
 * value can hold a key, so they are replaced; scheme, host, port and path stay so the operator recognises the
 * server. Everything Kensa shows, logs or records carries only the redacted form; the HTTP client keeps the real one.
 */
public final class Endpoints {
    static final String REDACTED = "REDACTED";

    /** Query values and passwords shorter than this are not hunted for in free text (they would mangle it). */
    private static final int MIN_SECRET_LENGTH = 6;

    private Endpoints() {}

    /**
     * {@code http://user:sk-…@host:8000/v1?key=sk-…} becomes {@code http://REDACTED@host:8000/v1?key=REDACTED}.
     * Works on text that is not a valid URL too (it is shown in the error that says so).
     */
    public static String redact(String url) {
        String s = url.strip();
        if (s.toLowerCase(Locale.ROOT).startsWith("sk-")) {
            return REDACTED; // a key pasted into the URL field
        }
        Parts p = Parts.of(s);
        StringBuilder out = new StringBuilder(p.scheme);
        if (!p.userInfo.isEmpty()) {
            out.append(REDACTED).append('@');
        }
        out.append(p.hostAndPath);
        if (p.query != null) {
            out.append('?');
            String[] params = p.query.split("&", -1);
            for (int i = 0; i < params.length; i++) {
                int eq = params[i].indexOf('=');
                if (i > 0) {
                    out.append('&');
                }
                // a bare token (?sk-abc) is a value without a name
                out.append(eq < 0 ? (params[i].isEmpty() ? "" : REDACTED) : params[i].substring(0, eq + 1) + REDACTED);
            }
        }
        if (p.fragment != null) {
            out.append('#').append(REDACTED);
        }
        return out.toString();
    }

    /** The secret pieces of the URL (user-info, its password, long query values), to scrub from echoed text. */
    static List<String> secrets(String url) {
        Parts p = Parts.of(url.strip());
        List<String> out = new ArrayList<>();
        if (!p.userInfo.isEmpty()) {
            out.add(p.userInfo);
            int colon = p.userInfo.indexOf(':');
            if (colon >= 0) {
                out.add(p.userInfo.substring(colon + 1));
            }
        }
        if (p.query != null) {
            for (String param : p.query.split("&")) {
                out.add(param.substring(param.indexOf('=') + 1));
            }
        }
        if (p.fragment != null) {
            out.add(p.fragment);
        }
        out.removeIf(x -> x.length() < MIN_SECRET_LENGTH);
        // longest first, so a password inside the user-info is not replaced before the whole user-info
        out.sort((a, b) -> b.length() - a.length());
        return out;
    }

    /**
     * A URL split by hand rather than by {@link java.net.URI}, so that text URI rejects (spaces, stray characters)
     * is still redacted. {@code query} and {@code fragment} are null when absent.
     */
    private record Parts(String scheme, String userInfo, String hostAndPath, String query, String fragment) {
        static Parts of(String s) {
            int schemeEnd = s.indexOf("://");
            String scheme = schemeEnd < 0 ? "" : s.substring(0, schemeEnd + 3);
            // the user-info ends at the last '@': a password may hold '/', '?' or '#' typed unencoded, and splitting
            // at those first would show the rest of it (an '@' in a query value over-redacts, which is safe)
            String afterScheme = s.substring(scheme.length());
            int at = afterScheme.lastIndexOf('@');
            String userInfo = at < 0 ? "" : afterScheme.substring(0, at);
            String rest = afterScheme.substring(at + 1);
            String fragment = null;
            int hash = rest.indexOf('#');
            if (hash >= 0) {
                fragment = rest.substring(hash + 1);
                rest = rest.substring(0, hash);
            }
            String query = null;
            int question = rest.indexOf('?');
            if (question >= 0) {
                query = rest.substring(question + 1);
                rest = rest.substring(0, question);
            }
            return new Parts(scheme, userInfo, rest, query, fragment);
        }
    }
}

package io.kensa.review;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The one-page shift report a supervisor hands on: the headline figures, the charts as the Review tab drew them,
 * agreement per recipe and prompt version, rates per operator and class with their n and 95% interval, the most
 * common override comments and the words the explanations rely on. One self-contained HTML file (images inline,
 * no scripts), printable on one A4 page.
 */
public final class ShiftReport {
    private ShiftReport() {}

    /** A chart as drawn, PNG-encoded. */
    public record Chart(String title, byte[] png) {}

    /**
     * @param heading  e.g. "Review 2026-12-01 .. 2026-12-07, recipe bottle"
     * @param footer   who produced it, when, from which database
     */
    public static String html(String heading, String footer, ReviewReport report, List<ExplanationWords.ClassWords> words,
                              List<Chart> charts) {
        ReviewSummary s = report.summary();
        Agreement all = report.overall();
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(heading))
                .append("</title>\n<style>@page{size:A4;margin:12mm}body{font-family:sans-serif;font-size:10pt;color:#222;"
                        + "margin:0 auto;max-width:190mm}h1{font-size:15pt;margin:0 0 4px}h2{font-size:11pt;margin:10px 0 4px;"
                        + "border-bottom:1px solid #bbb}table{border-collapse:collapse;margin-bottom:4px}td,th{padding:1px 6px;"
                        + "text-align:right;border-bottom:1px solid #eee}th:first-child,td:first-child{text-align:left}"
                        + ".figures td{font-size:12pt}.charts{display:grid;grid-template-columns:1fr 1fr;gap:6px}"
                        + ".charts figure{margin:0}.charts img{width:100%}figcaption{font-size:9pt;color:#555}"
                        + ".cols{display:grid;grid-template-columns:1fr 1fr;gap:10px}footer{color:#777;font-size:8pt;"
                        + "margin-top:8px}</style></head><body>\n");
        h.append("<h1>").append(esc(heading)).append("</h1>\n");
        h.append("<table class=\"figures\"><tr><th>decided</th><th>overridden</th><th>override rate (95% interval)</th>"
                + "<th>accuracy</th><th>macro F1</th><th>Cohen's κ</th></tr><tr>")
                .append(td(Long.toString(s.decided()))).append(td(Long.toString(s.overrides())))
                .append(td(s.decided() == 0 ? "–" : rate(new ReviewSummary.Rate("all", s.decided(), s.overrides()))))
                .append(td(s.decided() == 0 ? "–" : num(all.accuracy()))).append(td(num(all.macroF1())))
                .append(td(num(all.kappa()))).append("</tr></table>\n");
        if (!charts.isEmpty()) {
            h.append("<div class=\"charts\">");
            for (Chart c : charts) {
                h.append("<figure><img alt=\"").append(esc(c.title())).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(c.png())).append("\"><figcaption>")
                        .append(esc(c.title())).append("</figcaption></figure>");
            }
            h.append("</div>\n");
        }
        h.append("<div class=\"cols\"><div>");
        agreement(h, "Agreement per recipe version", report.byRecipeVersion());
        agreement(h, "Agreement per prompt version", report.byPromptVersion());
        rates(h, "Override rate per operator", s.perOperator());
        h.append("</div><div>");
        rates(h, "Override rate per machine class", s.perMachineClass());
        if (!s.topComments().isEmpty()) {
            h.append("<h2>Most common override comments</h2><table><tr><th>comment</th><th>n</th></tr>");
            s.topComments().forEach(c -> h.append("<tr>").append(td(c.comment())).append(td(Long.toString(c.count()))).append("</tr>"));
            h.append("</table>\n");
        }
        if (!words.isEmpty()) {
            h.append("<h2>What the explanations rely on</h2><table><tr><th>machine class</th><th>words (precision)</th></tr>");
            for (ExplanationWords.ClassWords cw : words) {
                StringBuilder list = new StringBuilder();
                cw.words().stream().limit(5).forEach(w -> list.append(list.isEmpty() ? "" : ", ").append(w.word())
                        .append(String.format(Locale.ROOT, " (%.0f%%)", 100 * w.precision())));
                h.append("<tr>").append(td(cw.machineClass() + " (n " + cw.explanations() + ")"))
                        .append("<td style=\"text-align:left\">").append(esc(list.toString())).append("</td></tr>");
            }
            h.append("</table>\n");
        }
        h.append("</div></div>\n<footer>").append(esc(footer)).append("</footer>\n</body></html>\n");
        return h.toString();
    }

    private static void agreement(StringBuilder h, String title, List<Agreement> groups) {
        h.append("<h2>").append(esc(title)).append("</h2><table><tr><th></th><th>n</th><th>accuracy</th><th>macro F1</th>"
                + "<th>κ</th></tr>");
        groups.forEach(a -> h.append("<tr>").append(td(a.key())).append(td(Long.toString(a.decided())))
                .append(td(num(a.accuracy()))).append(td(num(a.macroF1()))).append(td(num(a.kappa()))).append("</tr>"));
        h.append("</table>\n");
    }

    private static void rates(StringBuilder h, String title, List<ReviewSummary.Rate> rates) {
        h.append("<h2>").append(esc(title)).append("</h2><table><tr><th></th><th>n</th><th>overridden</th>"
                + "<th>rate (95% interval)</th></tr>");
        rates.forEach(r -> h.append("<tr>").append(td(r.key())).append(td(Long.toString(r.decided())))
                .append(td(Long.toString(r.overrides()))).append(td(rate(r))).append("</tr>"));
        h.append("</table>\n");
    }

    /** {@code 12.5% (8.1–18.6)}. */
    public static String rate(ReviewSummary.Rate r) {
        return String.format(Locale.ROOT, "%.1f%% (%.1f–%.1f)", 100 * r.overrideRate(), 100 * r.overrideRateLow(),
                100 * r.overrideRateHigh());
    }

    private static String td(String text) {
        return "<td>" + esc(text) + "</td>";
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String num(OptionalDouble value) {
        return value.isPresent() ? num(value.getAsDouble()) : "–";
    }

    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

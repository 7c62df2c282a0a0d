package io.kensa.review;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.model.ReviewCase;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShiftReportTest {
    @Test
    void theReportCarriesTheFiguresAndChartsInlineAndEscapesWhatOperatorsAndLlmsWrote() {
        List<ReviewCase> cases = List.of(
                ReviewCases.at("2026-03-02T07:00:00Z").recipe("bottle<script>", 2).accept("crack"),
                ReviewCases.at("2026-03-02T08:00:00Z").recipe("bottle<script>", 2).override("crack", "normal"),
                ReviewCases.at("2026-03-02T09:00:00Z").recipe("bottle<script>", 2).accept("normal"));
        ReviewReport report = ReviewReport.of(cases, ZoneOffset.UTC, Shifts.THREE_EIGHT_HOUR);
        byte[] png = "not really a png".getBytes(StandardCharsets.US_ASCII);
        List<ExplanationWords.ClassWords> words = List.of(new ExplanationWords.ClassWords("crack", 2,
                List.of(new ExplanationWords.Word("rim", 1.2, 0.75, 3))));
        String html = ShiftReport.html("Review 2026-03-02", "by Sam & co", report, words,
                List.of(new ShiftReport.Chart("Override rate per day", png)));

        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<td>3</td><td>1</td><td>33.3% (6.1–79.2)</td>"), "decided, overridden, Wilson interval");
        assertTrue(html.contains("bottle&lt;script&gt; v2"), "a recipe name is text, not markup");
        assertFalse(html.contains("<script"), "no scripts in the report");
        assertTrue(html.contains("src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\""),
                "the chart is inline: the file stands alone");
        assertTrue(html.contains("<figcaption>Override rate per day</figcaption>"));
        assertTrue(html.contains("rim (75%)"), "words with their precision");
        assertTrue(html.contains("by Sam &amp; co"));
    }
}

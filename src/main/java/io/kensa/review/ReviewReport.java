package io.kensa.review;

import io.kensa.model.ReviewCase;
import java.time.ZoneId;
import java.util.List;

/**
 * Every figure a supervisor reviews over one set of standing decisions: the override summary, the trends, and the
 * agreement per recipe version and per prompt version. The Review tab, its shift report and {@code kensa review}
 * show this same record.
 */
public record ReviewReport(ReviewSummary summary, ReviewTrends trends, Agreement overall, List<Agreement> byRecipeVersion,
                           List<Agreement> byPromptVersion) {
    public static final int TOP_COMMENTS = 10;

    public ReviewReport {
        byRecipeVersion = List.copyOf(byRecipeVersion);
        byPromptVersion = List.copyOf(byPromptVersion);
    }

    public static ReviewReport of(List<ReviewCase> cases, ZoneId zone, Shifts shifts) {
        return new ReviewReport(OverrideAnalytics.summarise(cases, zone, TOP_COMMENTS), ReviewTrends.of(cases, zone, shifts),
                Agreement.of("all", cases), Agreement.byRecipeVersion(cases), Agreement.byPromptVersion(cases));
    }
}

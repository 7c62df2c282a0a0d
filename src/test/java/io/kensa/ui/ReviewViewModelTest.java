package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.model.InspectionId;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import io.kensa.ui.ReviewRow.Column;
import io.kensa.ui.ReviewRow.Sort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review screen's behaviour without a toolkit, on the {@link ReviewFixture} log in a real H2 file database in a
 * temp folder. Background and fx are queues run by the test, so what runs where (and in which order) is visible.
 */
class ReviewViewModelTest {
    private static final ZoneId ZONE = ZoneId.systemDefault();
    @TempDir
    Path temp;
    private Database database;
    private InspectionStore store;
    private ReviewFixture.Cases cases;
    private final SettingsViewModelTest.Queue background = new SettingsViewModelTest.Queue();
    private final SettingsViewModelTest.Queue fx = new SettingsViewModelTest.Queue();
    private ReviewViewModel vm;
    private TestSignatures signatures;

    @BeforeEach
    void fill() throws Exception {
        database = Database.openFile(temp.resolve("db"));
        store = InspectionStore.open(database, temp.resolve("images"), "line-3",
                InspectionStore.Durability.PROCESS_CRASH, Clock.systemUTC());
        cases = ReviewFixture.fill(store);
        signatures = TestSignatures.signedIn(ReviewFixture.SUE);
        vm = new ReviewViewModel(store, temp.resolve("exports"), ZONE, LocalDate.now(ZONE),
                () -> ReviewFixture.SUE, signatures.vm, background, fx);
    }

    @AfterEach
    void close() {
        signatures.close();
        store.close();
        database.close();
    }

    private void loaded() {
        vm.refresh();
        runAll();
    }

    private void runAll() {
        while (background.size() > 0 || fx.size() > 0) {
            background.drain();
            fx.drain();
        }
    }

    private List<Long> shownInspections() {
        return vm.rows().stream().map(r -> r.reviewCase().inspection().id().value()).toList();
    }

    private static List<Long> ids(InspectionId... ids) {
        return Stream.of(ids).map(InspectionId::value).toList();
    }

    @Test
    void loadsNothingUntilRefreshedAndQueriesOnTheBackgroundOnly() {
        assertEquals("Not loaded yet", vm.status().get());
        vm.refresh();
        assertEquals("Loading decisions…", vm.status().get());
        assertEquals(1, background.size(), "the query waits for the background");
        assertTrue(vm.rows().isEmpty());
        background.drain();
        assertTrue(vm.rows().isEmpty(), "the result is published on fx, not on the worker");
        fx.drain();
        assertEquals(5, vm.rows().size());
    }

    @Test
    void logShowsTheStandingDecisionsNewestFirstWithTheirCells() {
        loaded();
        assertEquals(ids(cases.e(), cases.d(), cases.c(), cases.b(), cases.a()), shownInspections(),
                "newest first; F was undone so it is left out");
        assertEquals("5 of 5 standing decisions shown", vm.status().get());
        assertFalse(vm.statusError().get());
        ReviewRow b = vm.rows().get(3);
        assertEquals(List.of("line-3", "Ben Example", "override", "broken_small / minor", "contamination / defect",
                "dark speck, not a chip", "bottle v3"), List.of(b.station(), b.operator(), b.action(), b.machine(),
                b.finalVerdict(), b.comment(), b.profile()));
        assertTrue(b.time().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"), b.time());
        ReviewRow c = vm.rows().get(2);
        assertEquals("override", c.action(), "the override after the undo stands");
        assertEquals("normal / normal", c.finalVerdict());
        ReviewRow d = vm.rows().get(1);
        assertEquals("anomalous", d.machine(), "decided without an explanation");
        assertEquals("—", d.profile());
        assertEquals(5, vm.summary().get().decided());
        assertEquals(3, vm.summary().get().overrides());
        assertEquals(0.25, vm.summary().get().confusion().kappa().getAsDouble(), 1e-9);
    }

    @Test
    void overridesOnlyNarrowsTheRowsButNotTheSummary() {
        loaded();
        vm.overridesOnly().set(true);
        assertEquals(ids(cases.d(), cases.c(), cases.b()), shownInspections());
        assertEquals("3 of 5 standing decisions shown (overrides only; the summary counts accepts too)",
                vm.status().get());
        runAll();
        assertEquals(5, vm.summary().get().decided());
        vm.overridesOnly().set(false);
        assertEquals(5, vm.rows().size());
    }

    @Test
    void chartFiguresFollowTheSummaryAndAreComputedOnTheBackground() {
        vm.refresh();
        background.drain();
        fx.drain();
        assertEquals(0, vm.report().get().summary().decided(), "not yet: the figures are computed on the background");
        runAll();
        assertEquals(5, vm.report().get().summary().decided());
        assertEquals(5, vm.report().get().trends().perShift().stream().mapToLong(r -> r.decided()).sum());
        assertEquals(vm.summary().get().overrides(), vm.report().get().summary().overrides());
        assertFalse(vm.report().get().byRecipeVersion().isEmpty());
    }

    @Test
    void theViewIsSavedAsCsvRowsInTheTablesOrderAndChartsAsPng() throws Exception {
        loaded();
        vm.overridesOnly().set(true);
        runAll(); // the figures of the new filter are counted before the view can be saved
        java.awt.image.BufferedImage chart = new java.awt.image.BufferedImage(40, 20, java.awt.image.BufferedImage.TYPE_INT_RGB);
        Path folder = temp.resolve("view");
        vm.saveView(folder, List.of(new ReviewViewModel.TitledImage("Override rate per day (%)", chart)));
        runAll();
        assertEquals("View saved to " + folder + ": 3 rows as CSV, 1 charts as PNG", vm.status().get());
        List<String> lines = Files.readAllLines(folder.resolve("review-view.csv"));
        assertTrue(lines.get(0).startsWith("decided_at,station,operator,operator_id,action,machine,final"), lines.get(0));
        assertEquals(4, lines.size(), "the header and the three overrides shown");
        assertTrue(lines.stream().skip(1).allMatch(l -> l.contains(",override,")), lines.toString());
        assertEquals(40, javax.imageio.ImageIO.read(folder.resolve("chart-1-override-rate-per-day.png").toFile()).getWidth());
    }

    @Test
    void theShiftReportIsWrittenWithTheChartsAndSaysWhere() throws Exception {
        loaded();
        java.awt.image.BufferedImage chart = new java.awt.image.BufferedImage(40, 20, java.awt.image.BufferedImage.TYPE_INT_RGB);
        Path file = temp.resolve("shift.html");
        vm.saveShiftReport(file, List.of(new ReviewViewModel.TitledImage("Override rate per day", chart)));
        runAll();
        assertEquals("Shift report saved: " + file, vm.status().get());
        String html = Files.readString(file);
        assertTrue(html.contains("<figcaption>Override rate per day</figcaption>"));
        assertTrue(html.contains("data:image/png;base64,iVBOR"), "the chart is inline as PNG");
        assertTrue(html.contains("<td>5</td>"), "the decided count");

        Path nowhere = temp.resolve("no-such-folder").resolve("shift.html");
        vm.saveShiftReport(nowhere, List.of());
        runAll();
        assertTrue(vm.statusError().get());
        assertTrue(vm.status().get().startsWith("Shift report not saved to " + nowhere), vm.status().get());
    }

    @Test
    void operatorAndClassFiltersOfferWhatWasLoadedAndNarrowRowsAndSummary() {
        loaded();
        assertEquals(List.of("All operators", "Ann Example (a1)", "Ben Example (b2)"),
                vm.operatorChoices().stream().map(ReviewViewModel.Choice::label).toList());
        assertEquals(List.of("All classes", "anomalous", "broken_large", "broken_small", "contamination", "normal"),
                vm.classChoices().stream().map(ReviewViewModel.Choice::label).toList());
        vm.operatorFilter().set(vm.operatorChoices().get(2));
        assertEquals(ids(cases.d(), cases.b()), shownInspections());
        runAll();
        assertEquals(2, vm.summary().get().decided(), "counted on the background");
        vm.operatorFilter().set(ReviewViewModel.Choice.ANY_OPERATOR);
        vm.classFilter().set(vm.classChoices().get(5));
        assertEquals(ids(cases.c()), shownInspections(), "the inspector's class matches too");
        vm.classFilter().set(vm.classChoices().get(3));
        assertEquals(ids(cases.e(), cases.b()), shownInspections(), "the machine's class matches");
        loaded();
        assertEquals(Optional.of("broken_small"), vm.classFilter().get().value(), "a choice still offered is kept");
        assertEquals(2, vm.rows().size());
    }

    @Test
    void datesChooseTheRangeAndInvalidOnesSaySo() {
        loaded();
        LocalDate today = LocalDate.now(ZONE);
        vm.fromDate().set(today.minusDays(20));
        vm.toDate().set(today.minusDays(10));
        runAll();
        assertTrue(vm.rows().isEmpty());
        assertEquals("0 of 0 standing decisions shown", vm.status().get());
        vm.toDate().set(today);
        runAll();
        assertEquals(5, vm.rows().size());
        vm.fromDate().set(today.plusDays(1));
        assertEquals("The start date " + today.plusDays(1) + " is after the end date " + today + ".", vm.status().get());
        assertTrue(vm.statusError().get());
        assertEquals(0, background.size(), "nothing is queried");
        vm.fromDate().set(null);
        assertEquals("Choose both dates.", vm.status().get());
    }

    @Test
    void sortsByTheHeaderKeysAndBackToNewestFirst() {
        loaded();
        vm.sortBy(List.of(new Sort(Column.OPERATOR, true), new Sort(Column.TIME, true)));
        assertEquals(ids(cases.a(), cases.c(), cases.e(), cases.b(), cases.d()), shownInspections());
        vm.sortBy(List.of(new Sort(Column.SCORE, false)));
        List<Double> scores = vm.rows().stream().map(ReviewRow::score).toList();
        assertEquals(scores.stream().sorted((x, y) -> Double.compare(y, x)).toList(), scores);
        vm.sortBy(List.of(new Sort(Column.TIME, true)));
        assertEquals(ids(cases.a(), cases.b(), cases.c(), cases.d(), cases.e()), shownInspections());
        vm.sortBy(List.of());
        assertEquals(ids(cases.e(), cases.d(), cases.c(), cases.b(), cases.a()), shownInspections());
    }

    @Test
    void selectionLoadsTheDetailWithEveryEventIncludingTheUndo() {
        loaded();
        vm.selected().set(vm.rows().get(2));
        assertEquals("Loading inspection " + cases.c().value() + "…", vm.detail().get().title());
        runAll();
        ReviewDetailText d = vm.detail().get();
        assertEquals("Inspection " + cases.c().value() + " · line-3", d.title());
        assertEquals(3, d.events().size(), d.events().toString());
        assertTrue(d.events().get(0).text().contains("ACCEPT") && d.events().get(0).text().endsWith("(undone)"));
        assertEquals(ReviewDetailText.Kind.UNDONE, d.events().get(0).kind());
        assertTrue(d.events().get(1).text().contains("UNDO of #"), d.events().get(1).text());
        assertEquals(ReviewDetailText.Kind.UNDO, d.events().get(1).kind());
        assertTrue(d.events().get(2).text().contains("OVERRIDE  normal / normal")
                && d.events().get(2).text().contains("dust on the lens"), d.events().get(2).text());
        assertEquals(320, d.picture().orElseThrow().getWidth());
        assertEquals("", d.pictureProblem());
        assertTrue(d.explanationHead().contains("model gpt-4o-mini") && d.explanationHead().contains("profile bottle v3")
                && d.explanationHead().contains("shown when deciding"), d.explanationHead());
        assertTrue(d.rationale().contains("contamination"), d.rationale());

        vm.overridesOnly().set(true);
        assertEquals(cases.c(), vm.selected().get().reviewCase().inspection().id(), "still shown, still selected");
        vm.operatorFilter().set(vm.operatorChoices().get(2));
        runAll();
        assertEquals(null, vm.selected().get(), "filtered out, so deselected");
        assertEquals("Select a decision", vm.detail().get().title());
    }

    @Test
    void aMissingImageFileIsNamedInTheDetail() throws Exception {
        loaded();
        try (Stream<Path> files = Files.walk(temp.resolve("images"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.delete(p);
            }
        }
        vm.selected().set(vm.rows().get(0));
        runAll();
        assertTrue(vm.detail().get().pictureProblem().contains("is missing or not a PNG; run kensa audit verify."),
                vm.detail().get().pictureProblem());
        assertTrue(vm.detail().get().picture().isEmpty());
    }

    @Test
    void aFailedQuerySaysWhatFailedWithoutAStackTrace() throws Exception {
        sql("DROP TABLE standing_decisions");
        loaded();
        String status = vm.status().get();
        assertTrue(status.startsWith("Cannot read the decision log from the database"), status);
        assertTrue(vm.statusError().get());
        assertFalse(status.contains("Exception") || status.contains("\tat ") || status.contains("\n"), status);
        assertTrue(vm.rows().isEmpty());
    }

    @Test
    void closingAReviewIsSignedWithThePasswordAndNamesTheDaysAndCounts() throws Exception {
        loaded();
        long decided = vm.summary().get().decided();
        vm.closeReview();
        assertTrue(signatures.vm.asking().get(), "closing a review asks for the password again");
        assertTrue(signatures.recorded().isEmpty(), "nothing is signed before the password");
        signatures.sign("not the password");
        assertTrue(signatures.recorded().isEmpty(), "a wrong password signs nothing");
        signatures.sign(TestSignatures.PASSWORD);
        var signed = signatures.recorded();
        assertEquals(1, signed.size());
        assertEquals("reviewed", signed.get(0).meaning());
        assertEquals(ReviewFixture.SUE.id(), signed.get(0).signer().id());
        String expected = "review of " + LocalDate.now(ZONE).minusDays(6) + " to " + LocalDate.now(ZONE) + ": " + decided
                + " decided, " + vm.summary().get().overrides() + " overridden";
        assertEquals(expected, signed.get(0).subject());
        assertEquals("Review closed and signed: " + expected + ".", vm.status().get());
        assertFalse(vm.statusError().get());
    }

    @Test
    void anInspectorCannotCloseAReview() throws Exception {
        try (TestSignatures inspector = TestSignatures.signedIn(ReviewFixture.ANN)) {
            vm = new ReviewViewModel(store, temp.resolve("exports"), ZONE, LocalDate.now(ZONE),
                    () -> ReviewFixture.ANN, inspector.vm, background, fx);
            loaded();
            vm.closeReview();
            inspector.sign(TestSignatures.PASSWORD);
            assertTrue(inspector.recorded().isEmpty(), "the service refuses the inspector: nothing is signed");
            assertTrue(vm.statusError().get(), vm.status().get());
        }
    }

    @Test
    void theNewestRowsShowFirstAndTheFiguresWaitForTheWholeRange() {
        vm = new ReviewViewModel(store, temp.resolve("exports"), ZONE, LocalDate.now(ZONE),
                () -> ReviewFixture.SUE, signatures.vm, 2, background, fx);
        vm.refresh();
        background.runOne(); // both reads; each publishes on fx
        fx.runOne();
        List<Long> all = ids(cases.e(), cases.d(), cases.c(), cases.b(), cases.a());
        assertEquals(all.subList(0, 2), shownInspections(), "the first page: the two newest, from the index");
        assertEquals("The newest 2 standing decisions; reading the rest of the range to count them…", vm.status().get());
        assertFalse(vm.counted().get());
        assertEquals(0, vm.summary().get().decided(), "no figures of a part of the range");
        vm.closeReview();
        assertEquals("The figures are still being counted; close the review once they are shown.", vm.status().get());
        assertTrue(vm.statusError().get());
        assertFalse(signatures.vm.asking().get(), "nothing is signed before the figures are counted");

        fx.runOne();
        assertEquals(all, shownInspections(), "then the whole range");
        assertFalse(vm.counted().get(), "counted on the background next");
        runAll();
        assertTrue(vm.counted().get());
        assertEquals(5, vm.summary().get().decided());
        assertEquals("5 of 5 standing decisions shown", vm.status().get());
    }

    @Test
    void anOlderQueryAnsweringLastIsIgnored() {
        List<Runnable> queries = new java.util.ArrayList<>();
        vm = new ReviewViewModel(store, temp.resolve("exports"), ZONE, LocalDate.now(ZONE),
                () -> ReviewFixture.SUE, signatures.vm, queries::add, fx);
        vm.refresh();
        vm.fromDate().set(LocalDate.now(ZONE).minusDays(30));
        vm.toDate().set(LocalDate.now(ZONE).minusDays(20));
        assertEquals(3, queries.size());
        queries.get(2).run();
        fx.drain();
        assertEquals("0 of 0 standing decisions shown", vm.status().get());
        queries.get(0).run();
        fx.drain();
        assertTrue(vm.rows().isEmpty(), "the first range's late answer (5 rows) is dropped");
        assertEquals("0 of 0 standing decisions shown", vm.status().get());
    }

    @Test
    void verifiesTheAuditTrailOkThenBroken() throws Exception {
        vm.verifyAuditTrail();
        assertTrue(vm.verifying().get());
        assertEquals("Verifying the audit trail…", vm.auditResult().get());
        runAll();
        assertFalse(vm.verifying().get());
        assertTrue(vm.auditResult().get().matches("Audit trail OK: 20 events verified; head 20:[0-9a-f]{64}"),
                vm.auditResult().get());
        assertEquals(ReviewViewModel.Tone.OK, vm.auditTone().get());

        sql("UPDATE decisions SET note = 'edited' WHERE note = 'dust on the lens'");
        vm.verifyAuditTrail();
        runAll();
        assertTrue(vm.auditResult().get().startsWith("Audit trail BROKEN at event "), vm.auditResult().get());
        assertEquals(ReviewViewModel.Tone.ERROR, vm.auditTone().get());
    }

    @Test
    void aVerifyThatCannotRunSaysWhy() throws Exception {
        sql("DROP TABLE audit_events CASCADE");
        vm.verifyAuditTrail();
        runAll();
        assertTrue(vm.auditResult().get().startsWith("Cannot verify the audit trail of"), vm.auditResult().get());
        assertEquals(ReviewViewModel.Tone.ERROR, vm.auditTone().get());
        assertFalse(vm.verifying().get());
    }

    @Test
    void exportsTheRangeWithProgressAndSaysWhere() throws Exception {
        Path parent = Files.createDirectories(temp.resolve("out"));
        assertTrue(vm.export(parent));
        assertTrue(vm.exporting().get());
        assertFalse(vm.export(parent), "one export at a time");
        runAll();
        assertFalse(vm.exporting().get());
        assertEquals(1.0, vm.exportProgress().get());
        assertEquals("Exporting 6 / 6", vm.exportMessage().get());
        assertTrue(vm.status().get().startsWith("Exported 6 inspections, 9 decisions and 6 images to "
                + parent.toAbsolutePath()), vm.status().get());
        assertFalse(vm.statusError().get());
        try (Stream<Path> out = Files.list(parent)) {
            Path folder = out.findFirst().orElseThrow();
            assertTrue(Files.isRegularFile(folder.resolve("inspections.csv")));
        }
    }

    @Test
    void aCancelledExportLeavesNothing() throws Exception {
        Path parent = Files.createDirectories(temp.resolve("out"));
        assertTrue(vm.export(parent));
        vm.cancelExport();
        assertEquals("Cancelling…", vm.exportMessage().get());
        runAll();
        assertEquals("Export cancelled; nothing was kept.", vm.status().get());
        assertFalse(vm.exporting().get());
        try (Stream<Path> out = Files.list(parent)) {
            assertEquals(0, out.count());
        }
    }

    @Test
    void aFailedExportSaysWhyAndCanRunAgain() throws Exception {
        Path notAFolder = Files.writeString(temp.resolve("file.txt"), "x");
        assertTrue(vm.export(notAFolder));
        runAll();
        assertTrue(vm.status().get().startsWith("Export failed: Cannot write the export folder"), vm.status().get());
        assertTrue(vm.statusError().get());
        assertFalse(vm.exporting().get());
        assertTrue(vm.export(Files.createDirectories(temp.resolve("out"))), "can run again");
    }

    private void sql(String statement) throws Exception {
        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}

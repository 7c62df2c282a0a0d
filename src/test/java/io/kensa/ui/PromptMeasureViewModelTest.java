package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.config.ShippedResources;
import io.kensa.inspect.AnswerCache;
import io.kensa.inspect.DecisionLogs;
import io.kensa.inspect.MarkedSet;
import io.kensa.inspect.PromptWorkbench;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explainers;
import io.kensa.llm.FakeChatServer;
import io.kensa.llm.LlmSettings;
import io.kensa.llm.ProfileDocument;
import io.kensa.llm.PromptPart;
import io.kensa.llm.PromptProfile;
import io.kensa.llm.PromptProfiles;
import io.kensa.model.DecisionInput;
import io.kensa.model.InspectionId;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import io.kensa.store.PromptProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ablation and Versions tabs' view-model in plain JUnit, on a copy of the demo recipe, an H2 file database (the
 * decision log too) and a local HTTP server answering per image. Both executors run in the calling thread, so each command has finished
 * (and its results are set) when it returns.
 */
class PromptMeasureViewModelTest {
    private static final String HINT = " Look inside the opening first.";
    private static final Operator LEE = new Operator("q.lee", "Quinn Lee", Role.INSPECTOR);
    private static final Instant DAY = Instant.parse("2026-11-02T10:00:00Z");

    @TempDir
    Path temp;

    /** Right unless AD is left out (then broken_large/000 is called broken_small) or, without the hint, contamination/000. */
    private static FakeChatServer.Reply answer(FakeChatServer.Received r) {
        int index = MarkedSet.index(r);
        if (index == 0 && !MarkedSet.partsSent(r).contains(PromptPart.AD)
                || index == 4 && !MarkedSet.prompt(r).contains(HINT)) {
            return MarkedSet.answer("broken_small");
        }
        return MarkedSet.answer(MarkedSet.truth(index));
    }

    private Path recipeCopy() throws Exception {
        Path folder = temp.resolve("recipes/bottle");
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(ShippedResources.resolve("recipes/bottle"))) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        return folder;
    }

    @Test
    void measuresTheAblationAndComparesTwoStoredVersions() throws Exception {
        Path recipe = recipeCopy();
        Path set = MarkedSet.create(temp.resolve("set"));
        ProfileDocument v1 = PromptProfiles.read(recipe.resolve(PromptProfiles.FILE_NAME));
        AtomicReference<ProfileDocument> draft = new AtomicReference<>(v1);
        try (Database db = Database.openFile(temp.resolve("db"));
             FakeChatServer server = new FakeChatServer().answering(PromptMeasureViewModelTest::answer);
             Explainer llm = llm(server)) {
            PromptWorkbench workbench = new PromptWorkbench(new PromptProfileStore(db, temp), () -> recipe);
            PromptMeasureViewModel vm = new PromptMeasureViewModel(workbench, draft::get, () -> llm,
                    AnswerCache.in(temp.resolve("home")), Optional.empty(), ZoneOffset.UTC, Runnable::run, Runnable::run);
            assertEquals(ShippedResources.demoBottle(), vm.dataFolder().get(), "starts on the demo set when installed");
            vm.dataFolder().set(set);
            for (PromptPart p : List.of(PromptPart.RI, PromptPart.VP, PromptPart.ND)) {
                vm.leaveOut(p).set(false);
            }

            vm.measure();
            assertEquals(18, server.received().size(), "the whole draft, without AD, without CS");
            assertEquals(List.of("full profile", "without AD (anomaly descriptions)", "without CS (classification strategy)"),
                    vm.parts().stream().map(PromptMeasureViewModel.PartRow::prompt).toList());
            PromptMeasureViewModel.PartRow noAd = vm.parts().get(1);
            // full: contamination recall 1/2 → 5/6; without AD broken_large recall 1/2 as well → 4/6
            assertEquals("0.8333", vm.parts().get(0).macroAccuracy());
            assertEquals("0.6667", noAd.macroAccuracy());
            assertEquals("-0.1667", noAd.delta());
            assertEquals(List.of("broken_large", "broken_small", "contamination"),
                    vm.classes().stream().map(c -> c.name()).toList());
            assertEquals(0.5, vm.classes().get(2).recall(), 1e-12);
            assertTrue(vm.confusion().get().lines().anyMatch(l -> l.startsWith("contamination")
                    && List.of(l.strip().split("\\s+")).equals(List.of("contamination", "0", "1", "1"))), vm.confusion().get());
            assertFalse(vm.running().get());
            assertEquals(1.0, vm.progress().get());
            assertTrue(vm.state().get().startsWith("Measured bottle v1 on 6 images, 3 runs"), vm.state().get());

            vm.measure();
            assertEquals(18, server.received().size(), "measuring again is answered from the cache");
            assertTrue(vm.state().get().endsWith("(18 answers from the cache)"), vm.state().get());

            PromptProfile p = v1.profile();
            workbench.save(v1, DecisionLogs.QA);
            workbench.save(new ProfileDocument(new PromptProfile(p.name(), 1, p.normalDescription(), p.anomalyClasses(),
                    p.classificationStrategy() + HINT, p.referenceImages()), v1.offline()), DecisionLogs.QA);
            vm.firstVersion().set("one");
            vm.compare();
            assertEquals("Enter two stored version numbers to compare, e.g. 1 and 2.", vm.state().get());
            vm.firstVersion().set("1");
            vm.secondVersion().set("2");
            vm.compare();
            assertEquals(24, server.received().size(), "version 1 is cached; only version 2 is asked");
            assertEquals(List.of("macro accuracy", "0.8333", "1.0000", "+0.1667"), figure(vm.deltas().get(0)));
            assertEquals(1, vm.changed().size());
            assertEquals("broken_small", vm.changed().get(0).before());
            assertEquals("contamination", vm.changed().get(0).after());
            assertEquals("Compared v1 and v2 on 6 images: 1 answers changed", vm.state().get());

            vm.firstVersion().set("9");
            vm.compare();
            assertTrue(vm.state().get().startsWith("Measurement failed: Prompt profile 'bottle' has no stored version 9"),
                    vm.state().get());
            assertFalse(vm.running().get());
        }
    }

    @Test
    void measuresAndComparesOnTheDecisionLogAndCountsWhatTheFilterSelectsBeforeRunning() throws Exception {
        Path recipe = recipeCopy();
        Path set = MarkedSet.create(temp.resolve("set"));
        ProfileDocument v1 = PromptProfiles.read(recipe.resolve(PromptProfiles.FILE_NAME));
        try (Database db = Database.openFile(temp.resolve("db"));
             InspectionStore log = InspectionStore.open(db, temp.resolve("images"), "station-A",
                     InspectionStore.Durability.PROCESS_CRASH, Clock.fixed(DAY, ZoneOffset.UTC));
             FakeChatServer server = new FakeChatServer().answering(PromptMeasureViewModelTest::answer);
             Explainer llm = llm(server)) {
            List<InspectionId> ids = new ArrayList<>();
            for (int i = 0; i < MarkedSet.IMAGES.size(); i++) {
                ids.add(MarkedSet.record(log, set, i, DAY));
            }
            // images 0, 1, 3, 4 decided as their class, broken_small/000 (2) called normal, contamination/001 (5) undecided
            for (int i : List.of(0, 1, 3, 4)) {
                log.recordDecision(ids.get(i), DecisionInput.accept(MarkedSet.truth(i), Severity.DEFECT, LEE, Optional.empty()));
            }
            log.recordDecision(ids.get(2), DecisionInput.override("normal", Severity.NORMAL, "", LEE, Optional.empty()));
            PromptWorkbench workbench = new PromptWorkbench(new PromptProfileStore(db, temp), () -> recipe);
            PromptMeasureViewModel vm = new PromptMeasureViewModel(workbench, () -> v1, () -> llm,
                    AnswerCache.in(temp.resolve("home")), Optional.of(log), ZoneOffset.UTC, Runnable::run, Runnable::run);

            vm.source().set(PromptMeasureViewModel.Source.LOG);
            assertEquals("5 decided inspections, 5 used.", vm.logCount().get(), "of the edited recipe, bottle");
            vm.logClass().set("normal");
            assertEquals("1 decided inspections, 1 used.", vm.logCount().get());
            vm.logClass().set("");
            vm.logFrom().set(LocalDate.of(2026, 11, 3));
            assertTrue(vm.logCount().get().contains("has no usable decided image"), vm.logCount().get());
            vm.logTo().set(LocalDate.of(2026, 11, 1));
            assertTrue(vm.logCount().get().contains("is not before its to"), vm.logCount().get());
            vm.logRecipe().set("caps");
            vm.logFrom().set(null);
            vm.logTo().set(null);
            assertTrue(vm.logCount().get().startsWith("The decision log of recipe 'caps'"), vm.logCount().get());
            vm.logRecipe().set(" ");
            vm.logTo().set(LocalDate.of(2026, 11, 2));
            assertEquals("5 decided inspections, 5 used.", vm.logCount().get(), "the last day is included");
            assertEquals(0, server.received().size(), "counting sends nothing");

            for (PromptPart p : List.of(PromptPart.RI, PromptPart.VP, PromptPart.ND, PromptPart.CS)) {
                vm.leaveOut(p).set(false);
            }
            vm.measure();
            assertEquals(10, server.received().size(), "the five decided images, whole and without AD");
            assertTrue(vm.state().get().startsWith("Measured bottle v1 on 5 images, 2 runs"), vm.state().get());
            // truth is the inspector's class: broken_small/000 was decided normal, the model still says broken_small
            assertTrue(vm.confusion().get().lines().anyMatch(l -> l.startsWith("normal")
                    && List.of(l.strip().split("\\s+")).equals(List.of("normal", "0", "0", "1", "0"))), vm.confusion().get());
            assertEquals(List.of("broken_large", "normal", "broken_small", "contamination"),
                    vm.classes().stream().map(c -> c.name()).toList(), "the log's normal decision is a class of its own");
            assertEquals(0.0, vm.classes().get(1).recall(), 1e-12);

            PromptProfile p = v1.profile();
            workbench.save(v1, DecisionLogs.QA);
            workbench.save(new ProfileDocument(new PromptProfile(p.name(), 1, p.normalDescription(), p.anomalyClasses(),
                    p.classificationStrategy() + HINT, p.referenceImages()), v1.offline()), DecisionLogs.QA);
            vm.firstVersion().set("1");
            vm.secondVersion().set("2");
            vm.compare();
            assertEquals(15, server.received().size(), "version 1 on the log is cached; only version 2 is asked");
            assertEquals(1, vm.changed().size());
            assertEquals(List.of("contamination", "broken_small", "contamination"), List.of(vm.changed().get(0).truth(),
                    vm.changed().get(0).before(), vm.changed().get(0).after()));
            assertEquals("Compared v1 and v2 on 5 images: 1 answers changed", vm.state().get());

            PromptMeasureViewModel noLog = new PromptMeasureViewModel(workbench, () -> v1, () -> llm,
                    AnswerCache.in(temp.resolve("home")), Optional.empty(), ZoneOffset.UTC, Runnable::run, Runnable::run);
            noLog.source().set(PromptMeasureViewModel.Source.LOG);
            noLog.measure();
            assertTrue(noLog.state().get().startsWith("This station has no decision log"), noLog.state().get());
            assertEquals(15, server.received().size());
        }
    }

    private Explainer llm(FakeChatServer server) throws Exception {
        return Explainers.create(LlmSettings.defaults().withEndpoint(server.baseUrl(), "test-vision")
                .withLimits(Duration.ofSeconds(10), 0, Duration.ofSeconds(1), new LlmSettings.Budget(1000, 0, 0, 0, 0)),
                Map.of(), temp.resolve("home"));
    }

    private static List<String> figure(PromptMeasureViewModel.FigureRow r) {
        return List.of(r.figure(), r.before(), r.after(), r.delta());
    }
}

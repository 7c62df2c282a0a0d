package io.kensa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.detect.TrainSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The training options are declared once: every training command has the same options with PatchCore's defaults. */
class TrainingOptionsTest {
    @Test
    void defaultsArePatchCoresDefaults() {
        TrainSettings defaults = TrainSettings.defaults();
        assertEquals(256, defaults.inputSize(), "the recipe's inputSize default (Recipes) is 256 too");
        assertEquals(defaults, new TrainingOptions().settings());
    }

    @Test
    void everyTrainingCommandSharesTheSameOptionsAndDefaults() {
        for (Object command : List.of(new TrainCommand(), new EvaluateCommand(), new BenchDetectCommand())) {
            CommandLine.Model.CommandSpec spec = new CommandLine(command).getCommandSpec();
            for (String name : TrainingOptions.NAMES) {
                assertTrue(spec.findOption(name) != null, spec.name() + " lacks " + name);
            }
            assertEquals(256, (int) spec.findOption("--input-size").getValue(), spec.name());
            assertEquals(0.1, (double) spec.findOption("--coreset").getValue(), spec.name());
            assertEquals(0, (int) spec.findOption("--tile").getValue(), spec.name());
            assertEquals(0.01, (double) spec.findOption("--false-alarm").getValue(), spec.name());
        }
    }

    @Test
    void helpShowsTheDefaults() {
        CliRun help = CliRun.kensa("bench", "detect", "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("Model input side in pixels (default: 256)"), help.out());
        assertTrue(help.out().contains("(default: 0.1; 1 = full bank)"), help.out());
    }

    @Test
    void givenOptionsReachTheSettings() {
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs("--data", "d", "--out", "m", "--input-size", "224", "--coreset", "0.5",
                "--tile", "512", "--false-alarm", "0.05");
        TrainSettings s = train.training.settings();
        assertEquals(224, s.inputSize());
        assertEquals(0.5, s.coresetRatio());
        assertEquals(512, s.tileSize());
        assertEquals(0.05, s.falseAlarmRate());
        assertEquals(TrainSettings.defaults().tileOverlap(), s.tileOverlap());
    }
}

package io.kensa.cli;

import io.kensa.detect.TrainSettings;
import io.kensa.inspect.DetectorModels;
import io.kensa.recipe.Recipe;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code --input-size}, {@code --coreset}, {@code --tile} and {@code --false-alarm}, shared by the commands that train.
 * The defaults are PatchCore's ({@link TrainSettings#defaults()}), the same a recipe gets when it names none.
 */
final class TrainingOptions {
    /** The option names, for commands that must refuse them (training onto an existing model keeps its settings). */
    static final String[] NAMES = {"--coreset", "--input-size", "--tile", "--false-alarm"};
    private static final TrainSettings DEFAULTS = TrainSettings.defaults();

    @Option(names = "--input-size", paramLabel = "PX", description = "Model input side in pixels (default: ${DEFAULT-VALUE}).")
    int inputSize = DEFAULTS.inputSize();

    @Option(names = "--coreset", description = "Coreset ratio (default: ${DEFAULT-VALUE}; 1 = full bank).")
    double coreset = DEFAULTS.coresetRatio();

    @Option(names = "--tile", paramLabel = "PX",
            description = "Tile side in frame pixels for large frames (0 = resize the whole frame; default: ${DEFAULT-VALUE}).")
    int tile = DEFAULTS.tileSize();

    @Option(names = "--false-alarm",
            description = "Tolerated share of good images above the threshold (default: ${DEFAULT-VALUE}).")
    double falseAlarm = DEFAULTS.falseAlarmRate();

    TrainSettings settings() {
        return DetectorModels.settings(inputSize, coreset, falseAlarm, tile);
    }

    /** The options given on the command line, the recipe's detector settings for the others (as the window trains). */
    TrainSettings settings(Recipe.DetectorSettings recipe, ParseResult given) {
        return DetectorModels.settings(given.hasMatchedOption("--input-size") ? inputSize : recipe.inputSize(),
                given.hasMatchedOption("--coreset") ? coreset : recipe.coreset(),
                given.hasMatchedOption("--false-alarm") ? falseAlarm : recipe.falseAlarmRate(),
                given.hasMatchedOption("--tile") ? tile : recipe.tile());
    }
}

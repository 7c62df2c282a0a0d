// Times the recipe workspace's training service (io.kensa.inspect.RecipeTraining) on the demo bottle set, with the
// demo recipe's detector settings (256 px, 10 % coreset, 5 % false alarms): train on train/good (30 images), add 10
// good images (test/good) without a refit, and the 4-fold scores for the threshold histogram. Run from the project:
//   mvn -B -o -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
//   jshell --class-path "target/classes:$(cat target/cp.txt)" -R-Dai.djl.offline=true -R-Dkensa.resources=resources \
//       tools/bench/recipe-training.jsh
import io.kensa.config.ShippedResources;
import io.kensa.detect.*;
import io.kensa.inspect.*;
import io.kensa.util.ImageFiles;
import java.nio.file.*;
import java.time.Clock;

var demo = ShippedResources.demoBottle();
var good = ImageFiles.list(demo.resolve("train/good"));
var extra = ImageFiles.list(demo.resolve("test/good")).subList(0, 10);
var settings = DetectorModels.settings(256, 0.1, 0.05, 0);
var backbone = Backbone.shipped(DeviceSetting.CPU);
var service = new RecipeTraining(backbone, Files.createTempDirectory("kensa-bench-training"), Clock.systemUTC());
service.train(good.subList(0, 4), settings, Progress.NONE, () -> false); // warm-up: libtorch loads and compiles
for (int run = 1; run <= 3; run++) {
    var trained = service.train(good, settings, Progress.NONE, () -> false);
    var added = service.addGood(trained.model(), extra, Progress.NONE, () -> false);
    System.out.printf("run %d: train %d images %.2f s (bank %d); add %d images %.2f s (bank %d)%n", run,
            trained.images(), trained.seconds(), trained.model().bankRows(), added.added(), added.seconds(),
            added.model().bankRows());
    if (run == 3) {
        long start = System.nanoTime();
        var scores = service.score(trained.model(), good, java.util.List.of(), java.util.List.of(), 4, Progress.NONE,
                () -> false);
        System.out.printf("threshold scores (%s): %.2f s%n", scores.method(), (System.nanoTime() - start) / 1e9);
    }
}
backbone.close();
/exit

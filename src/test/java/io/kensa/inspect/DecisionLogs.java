package io.kensa.inspect;

import io.kensa.capture.Frame;
import io.kensa.config.KensaHome;
import io.kensa.config.ShippedResources;
import io.kensa.detect.AnomalyMap;
import io.kensa.detect.Detection;
import io.kensa.model.ClassPrediction;
import io.kensa.model.DecisionInput;
import io.kensa.model.InspectionId;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import io.kensa.store.Database;
import io.kensa.store.InspectionInput;
import io.kensa.store.InspectionStore;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * A station's decision log on a real H2 file database in {@code home}: the shipped demo bottle images recorded as
 * inspections of recipe {@code bottle} and decided with their true class (an accept when the simulated machine class
 * is right, else an override), as the inspect window records them.
 */
public final class DecisionLogs {
    public static final Operator INSPECTOR = new Operator("a.sato", "Aiko Sato", Role.INSPECTOR);
    /** publishes recipes, classifiers and prompt versions */
    public static final Operator QA = new Operator("q.lee", "Quinn Lee", Role.QA_ENGINEER);
    public static final List<String> CLASSES = List.of("broken_large", "broken_small", "contamination", "good");

    private DecisionLogs() {}

    /**
     * Records the first {@code perClass} test images of each of {@code classes}; every {@code wrongEvery}-th frame
     * (0: none) gets a wrong machine class, so the inspector overrides it.
     */
    public static void fill(KensaHome home, List<String> classes, int perClass, int wrongEvery) throws Exception {
        try (Database db = Database.openFile(home.database());
             InspectionStore store = InspectionStore.open(db, home.images(), "station-1")) {
            long sequence = 0;
            for (String cls : classes) {
                for (int i = 0; i < perClass; i++) {
                    sequence++;
                    Path file = ShippedResources.demoBottle().resolve("test").resolve(cls).resolve(String.format("%03d.png", i));
                    BufferedImage image = ImageIO.read(file.toFile());
                    boolean wrong = wrongEvery > 0 && sequence % wrongEvery == 0;
                    String machine = wrong ? (cls.equals("good") ? "contamination" : "good") : cls;
                    InspectionId id = store.recordInspection(inspection(image, sequence, file, machine));
                    String decided = cls.equals("good") ? "normal" : cls;
                    Severity severity = cls.equals("good") ? Severity.NORMAL : Severity.DEFECT;
                    store.recordDecision(id, wrong ? DecisionInput.override(decided, severity, "", INSPECTOR, Optional.empty())
                            : DecisionInput.accept(decided, severity, INSPECTOR, Optional.empty()));
                }
            }
        }
    }

    private static InspectionInput inspection(BufferedImage image, long sequence, Path file, String machineClass) {
        int w = image.getWidth(), h = image.getHeight();
        AnomalyMap map = new AnomalyMap(w, h, new float[w * h]);
        Detection detection = new Detection(5.0, 4.2, map, 0, 8, List.of(), w, h,
                new Detection.DetectTimings(10, 3, 1), "cpu()");
        Frame frame = new Frame(sequence, Instant.now(), "folder:demo/bottle/test", file.getFileName().toString(), image);
        return new InspectionInput(frame, detection, "bottle", 1,
                Optional.of(new ClassPrediction(machineClass, 0.9, "bottle v1 classifier classifier.json")));
    }
}

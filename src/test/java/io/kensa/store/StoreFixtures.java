package io.kensa.store;

import io.kensa.capture.Frame;
import io.kensa.config.ShippedResources;
import io.kensa.detect.AnomalyMap;
import io.kensa.detect.Detection;
import io.kensa.detect.Region;
import io.kensa.llm.Explanation;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/** Real-size inputs for store tests: a 320×320 demo bottle image and a 320×320 anomaly map. */
final class StoreFixtures {
    static final Operator ALICE = new Operator("a.sato", "Aiko Sato", Role.INSPECTOR);
    static final Operator BOB = new Operator("b.kim", "Bo Kim", Role.SUPERVISOR);

    private StoreFixtures() {}

    /** The audit trail as the station of data folder {@code home} checks it: with its key, {@code <home>/keys/station.key}. */
    static AuditTrail audit(Database db, Path home, Optional<Path> headLog) throws StoreException {
        return new AuditTrail(db, headLog, StationKey.openOrCreate(StationKey.in(home)));
    }

    static BufferedImage demoImage(String defect, int index) {
        Path file = ShippedResources.demoBottle().resolve("test").resolve(defect).resolve(String.format("%03d.png", index));
        try {
            return ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the image with one pixel changed, so each inspection gets its own image file. */
    static BufferedImage variant(BufferedImage image, int n) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        copy.getGraphics().drawImage(image, 0, 0, null);
        copy.setRGB(n % image.getWidth(), (n / image.getWidth()) % image.getHeight(), n * 7919);
        return copy;
    }

    static AnomalyMap map(int size, long seed) {
        float[] values = new float[size * size];
        java.util.Random random = new java.util.Random(seed);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double blob = Math.exp(-((x - 200) * (x - 200) + (y - 120) * (y - 120)) / 800.0);
                values[y * size + x] = (float) (1.5 + 6 * blob + random.nextGaussian() * 0.05);
            }
        }
        return new AnomalyMap(size, size, values);
    }

    static InspectionInput inspection(BufferedImage image, long sequence, Instant capturedAt) {
        AnomalyMap map = map(image.getWidth(), sequence);
        Detection detection = new Detection(map.max(), 4.2, map, 1.0, 8.0,
                List.of(new Region(180, 100, 40, 42, 1200, map.max())), image.getWidth(), image.getHeight(),
                new Detection.DetectTimings(11.5, 3.25, 0.75), "cpu()");
        Frame frame = new Frame(sequence, capturedAt, "folder:/data/bottle", String.format("%03d.png", sequence), image);
        return new InspectionInput(frame, detection, "bottle-line-3", 7);
    }

    static Explanation explanation(Instant at) {
        return new Explanation(ExplanationStatus.ANSWERED, "llm", "gpt-4o-mini",
                "https://user:pw@llm.example.com/v1?api-key=sk-secret&deployment=x", "bottle", 3,
                Optional.of("broken_large"), Optional.of(Severity.DEFECT), 0.875,
                "A large piece is missing from the rim at 2 o'clock.\nReject the part.", "upper right rim",
                "ND/AD/CS prompt; query 320x320 sha256=abc; VP outline", "{\"class\":\"broken_large\"}\u0000", 1234,
                812, 64, false, at);
    }
}

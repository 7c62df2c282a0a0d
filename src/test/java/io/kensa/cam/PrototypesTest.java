package io.kensa.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PrototypesTest {

    private static List<BufferedImage> real(String folder, int n) throws Exception {
        List<BufferedImage> images = new ArrayList<>();
        try (Stream<Path> s = Files.list(CamFixtures.bottle().resolve(folder))) {
            for (Path p : s.sorted().limit(n).toList()) {
                images.add(CamFixtures.bottleImage(CamFixtures.bottle().relativize(p).toString()));
            }
        }
        return images;
    }

    /**
     * A third of the default ascent, at the same size (the head's own 256 px), so that all 4 classes twice stay a
     * test; the CLI and the recipe workspace run the defaults, which are at least as strong.
     */
    private static final Prototypes.Settings SHORTER = Prototypes.Settings.defaults().withIterations(20);

    @Test
    void everyClassPrototypeOfTheShippedHeadIsClassifiedAsItsClassAndRegularisedOnesLookLikeRealActivations()
            throws Exception {
        assertTrue(Prototypes.Settings.defaults().iterations() >= SHORTER.iterations());
        assertEquals(Prototypes.Settings.defaults().size(), SHORTER.size());
        GradCam cam = GradCam.forClassifier(CamFixtures.cam(), ClassifierHead.load(
                ShippedResources.resolve("recipes/bottle/classifier.json"), CamFixtures.backbone()));
        ClassifierTraining.LabelledSet set = ClassifierTraining.open(CamFixtures.bottle());
        AtomicInteger steps = new AtomicInteger();
        List<Prototypes.ClassPrototype> regular = Prototypes.ofSet(cam, set, 8, SHORTER,
                (f, msg) -> steps.incrementAndGet(), () -> false);
        List<Prototypes.ClassPrototype> plain = Prototypes.ofSet(cam, set, 8, SHORTER.withActivationWeight(0),
                (f, msg) -> { }, () -> false);
        assertEquals(List.of("broken_large", "broken_small", "contamination", "good"),
                regular.stream().map(c -> c.prototype().className()).toList());
        assertEquals(4 * SHORTER.iterations(), steps.get());
        for (int i = 0; i < regular.size(); i++) {
            Prototypes.Prototype r = regular.get(i).prototype(), u = plain.get(i).prototype();
            String cls = r.className();
            System.out.printf("%s: regularised p=%.4f distance %.2f (%.1f s) | unregularised p=%.4f distance %.2f%n",
                    cls, r.probability(), r.activationDistance(), regular.get(i).seconds(), u.probability(),
                    u.activationDistance());
            assertEquals(cam.inputSize(), r.image().getWidth(), "made at the head's own input size");
            assertTrue(r.probability() >= 0.9, cls + " prototype p=" + r.probability());
            assertTrue(u.probability() >= 0.9, cls + " unregularised prototype p=" + u.probability());
            assertTrue(r.activationDistance() < u.activationDistance(),
                    cls + ": " + r.activationDistance() + " vs " + u.activationDistance());
            assertEquals(3, r.nearest().size());
            assertTrue(r.nearest().get(0).similarity() >= r.nearest().get(2).similarity());
            Path nearest = regular.get(i).realImages().get(r.nearest().get(0).index());
            assertEquals(cls, nearest.getParent().getFileName().toString(), "a real image of the class");
        }
    }

    @Test
    void cancelStopsThePrototype() throws Exception {
        GradCam cam = GradCam.imagenet(CamFixtures.cam());
        List<BufferedImage> images = real("train/good", 2);
        assertThrows(CancellationException.class, () -> Prototypes.generate(cam, 907, images,
                Prototypes.Settings.defaults(), (f, m) -> { }, () -> true));
    }

    @Test
    void tooFewRealImagesIsAClearMessage() throws Exception {
        GradCam cam = GradCam.imagenet(CamFixtures.cam());
        CamException e = assertThrows(CamException.class, () -> Prototypes.generate(cam, 907,
                real("train/good", 1), Prototypes.Settings.defaults(), (f, m) -> { }, () -> false));
        assertTrue(e.getMessage().contains("at least 2 real images") && e.getMessage().contains("wine bottle"), e.getMessage());
    }
}

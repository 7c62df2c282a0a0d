package io.kensa.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Small enough for the 2-core test machine: 96 px, 40 steps. */
    private static final Prototypes.Settings QUICK = Prototypes.Settings.defaults().withSize(96).withIterations(40);

    @Test
    void prototypesAreClassifiedAsTheirClassAndRegularisedOnesLookLikeRealActivations() throws Exception {
        GradCam cam = GradCam.of(CamFixtures.cam(), PooledLinearHead.fromFixture());
        for (String cls : List.of("good", "contamination")) {
            List<BufferedImage> images = real(cls.equals("good") ? "train/good" : "test/" + cls, 10);
            int c = cam.classes().indexOf(cls);
            AtomicInteger steps = new AtomicInteger();
            long t0 = System.nanoTime();
            Prototypes.Prototype regular = Prototypes.generate(cam, c, images, QUICK,
                    (f, msg) -> steps.incrementAndGet(), () -> false);
            System.out.printf("%s prototype: %.1f s%n", cls, (System.nanoTime() - t0) / 1e9);
            Prototypes.Prototype plain = Prototypes.generate(cam, c, images,
                    QUICK.withActivationWeight(0), (f, msg) -> { }, () -> false);
            System.out.printf("%s: regularised p=%.3f distance %.2f nearest %s | unregularised p=%.3f distance %.2f%n", cls,
                    regular.probability(), regular.activationDistance(), regular.nearest(), plain.probability(),
                    plain.activationDistance());
            assertEquals(cls, regular.className());
            assertEquals(96, regular.image().getWidth());
            assertTrue(regular.probability() > 0.9, cls + " prototype p=" + regular.probability());
            assertTrue(plain.probability() > 0.9, cls + " unregularised prototype p=" + plain.probability());
            assertTrue(regular.activationDistance() < plain.activationDistance(),
                    regular.activationDistance() + " vs " + plain.activationDistance());
            assertEquals(3, regular.nearest().size());
            assertTrue(regular.nearest().get(0).similarity() >= regular.nearest().get(2).similarity());
            assertEquals(QUICK.iterations(), steps.get());
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

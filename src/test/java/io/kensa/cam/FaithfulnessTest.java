package io.kensa.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class FaithfulnessTest {
    private static final List<String> SHIPPED = List.of("test/good/003.png", "test/good/011.png",
            "test/broken_large/004.png", "test/broken_large/012.png", "test/broken_small/004.png",
            "test/broken_small/012.png", "test/contamination/004.png", "test/contamination/012.png");

    private static List<Faithfulness.Score> scores(GradCam cam, String stage) throws CamException {
        List<Faithfulness.Score> scores = new ArrayList<>();
        for (String image : SHIPPED) {
            Faithfulness.Score s = Faithfulness.score(cam, CamFixtures.bottleImage(image), stage, OptionalInt.empty());
            System.out.printf("%s %s %s p=%.3f  MoRF drops %s  LeRF drops %s%n", cam.scorer().name(), image, s.className(),
                    s.probability(), fmt(s.dropMostRelevant()), fmt(s.dropLeastRelevant()));
            scores.add(s);
        }
        return scores;
    }

    private static String fmt(List<Double> v) {
        return v.stream().map(d -> String.format("%+.3f", d)).toList().toString();
    }

    private static void check(List<Faithfulness.Score> scores) {
        double most = scores.stream().mapToDouble(Faithfulness.Score::meanDropMostRelevant).average().orElseThrow();
        double least = scores.stream().mapToDouble(Faithfulness.Score::meanDropLeastRelevant).average().orElseThrow();
        long faithful = scores.stream().filter(Faithfulness.Score::faithful).count();
        for (Faithfulness.Report r : Faithfulness.summarise(scores)) {
            System.out.printf("  class %-28s images %d  mean drop MoRF %.3f  LeRF %.3f  MoRF>LeRF %.0f%%%n",
                    r.className(), r.images(), r.meanDropMostRelevant(), r.meanDropLeastRelevant(), 100 * r.faithfulShare());
        }
        System.out.printf("  all: mean drop MoRF %.3f  LeRF %.3f  MoRF>LeRF on %d of %d%n", most, least, faithful, scores.size());
        assertTrue(most > least, "MoRF " + most + " vs LeRF " + least);
        assertTrue(faithful > scores.size() / 2, faithful + " of " + scores.size());
    }

    @Test
    void removingTheMostRelevantPixelsHurtsTheTrainedHeadMoreThanTheLeast() throws Exception {
        GradCam cam = GradCam.of(CamFixtures.cam(), PooledLinearHead.fromFixture());
        check(scores(cam, "feat_s16"));
    }

    @Test
    void removingTheMostRelevantPixelsHurtsImageNetClassesMoreThanTheLeast() throws Exception {
        check(scores(GradCam.imagenet(CamFixtures.cam()), "last"));
    }

    @Test
    void imputationFillsRemovedPixelsFromTheirKeptNeighbours() {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(200, 40, 10));
        g.fillRect(0, 0, 64, 64);
        g.setColor(Color.WHITE);
        g.fillRect(20, 20, 10, 10);
        g.dispose();
        boolean[] removed = new boolean[64 * 64];
        for (int y = 20; y < 30; y++) {
            for (int x = 20; x < 30; x++) {
                removed[y * 64 + x] = true;
            }
        }
        BufferedImage out = Faithfulness.impute(img, removed);
        assertEquals(new Color(200, 40, 10).getRGB(), out.getRGB(25, 25), "the white square is gone");
        assertEquals(img.getRGB(5, 5), out.getRGB(5, 5), "kept pixels are untouched");
    }

    @Test
    void badFractionIsAClearMessage() throws Exception {
        GradCam cam = GradCam.imagenet(CamFixtures.cam());
        CamException e = assertThrows(CamException.class, () -> Faithfulness.score(cam, CamFixtures.photo("dog"), "last",
                OptionalInt.empty(), List.of(0.2, 1.5)));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    }
}

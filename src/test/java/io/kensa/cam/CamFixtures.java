package io.kensa.cam;

import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import io.kensa.detect.DetectException;
import io.kensa.detect.DeviceSetting;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** The real backbone (loaded once per test JVM) and the real photos in test resources. */
final class CamFixtures {
    private static Backbone backbone;
    private static CamBackbone cam;

    private CamFixtures() {}

    static synchronized Backbone backbone() throws DetectException {
        if (backbone == null) {
            backbone = Backbone.shipped(DeviceSetting.CPU);
        }
        return backbone;
    }

    static synchronized CamBackbone cam() throws DetectException, CamException {
        if (cam == null) {
            cam = CamBackbone.shipped(backbone());
        }
        return cam;
    }

    static List<String> photoNames() {
        return List.of("dog", "eagle", "horses", "giraffe");
    }

    static BufferedImage photo(String name) {
        return resource("photos/" + name + ".jpg");
    }

    static BufferedImage resource(String path) {
        try (InputStream in = CamFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource io/kensa/cam/" + path);
            }
            return ImageIO.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path bottle() {
        return ShippedResources.demoBottle();
    }

    static BufferedImage bottleImage(String relative) {
        try {
            return ImageIO.read(bottle().resolve(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

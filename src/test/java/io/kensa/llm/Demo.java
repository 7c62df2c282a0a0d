package io.kensa.llm;

import io.kensa.config.ShippedResources;
import io.kensa.detect.Detection;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The shipped demo: bottle recipe profile, MVTec bottle images and their ground-truth masks. */
final class Demo {
    private Demo() {}

    static Path recipe() {
        return ShippedResources.resolve("recipes/bottle");
    }

    static LoadedProfile profile() throws ProfileException {
        return LoadedProfile.fromRecipeFolder(recipe());
    }

    static BufferedImage image(String defect, String number) {
        return read(ShippedResources.demoBottle().resolve("test/" + defect + "/" + number + ".png"));
    }

    static BufferedImage mask(String defect, String number) {
        return read(ShippedResources.demoBottle().resolve("ground_truth/" + defect + "/" + number + "_mask.png"));
    }

    static Detection detection(String defect, String number) {
        return MaskDetections.fromMask(mask(defect, number), 320, 320);
    }

    static ExplainRequest request(String defect, String number) throws ProfileException {
        return new ExplainRequest(image(defect, number), detection(defect, number), profile());
    }

    static BufferedImage read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IOException("not an image: " + file);
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

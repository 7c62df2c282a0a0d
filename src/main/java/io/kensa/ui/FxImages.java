package io.kensa.ui;

import java.awt.image.BufferedImage;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;

/** BufferedImage → JavaFX image, reusing the target when the size is unchanged (no garbage per frame). */
final class FxImages {
    private FxImages() {}

    static Image toFx(BufferedImage image) {
        return SwingFXUtils.toFXImage(image, null);
    }

    static Image toFx(BufferedImage image, Image reuse) {
        WritableImage target = reuse instanceof WritableImage w
                && (int) w.getWidth() == image.getWidth() && (int) w.getHeight() == image.getHeight() ? w : null;
        return SwingFXUtils.toFXImage(image, target);
    }
}

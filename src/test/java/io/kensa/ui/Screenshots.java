package io.kensa.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.paint.Color;
import javax.imageio.ImageIO;
import org.testfx.api.FxRobot;

/** The pictures in docs/: a robot test saves one when its system property names the file. */
final class Screenshots {
    private Screenshots() {}

    /** Writes {@code node} as a PNG to the file {@code -D<property>} names; nothing when it is not set. */
    static void saveIfAsked(FxRobot robot, Node node, String property) {
        String file = System.getProperty(property);
        if (file == null) {
            return;
        }
        robot.interact(() -> {
            SnapshotParameters fill = new SnapshotParameters();
            fill.setFill(Color.web("#1f2329")); // the window's background (kensa.css)
            try {
                ImageIO.write(SwingFXUtils.fromFXImage(node.snapshot(fill, null), null), "png", Path.of(file).toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}

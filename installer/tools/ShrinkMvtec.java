import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.*;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Makes the lean demo copy of an MVTec AD category that ships in resources/: every image scaled to SIZE×SIZE
 * (bicubic, PNG = lossless after scaling), masks scaled and re-thresholded so they stay strictly 0/255.
 * Usage: java installer/tools/ShrinkMvtec.java SRC_DIR DEST_DIR SIZE
 */
public class ShrinkMvtec {
    public static void main(String[] args) throws IOException {
        Path src = Path.of(args[0]), dest = Path.of(args[1]);
        int size = Integer.parseInt(args[2]);
        try (Stream<Path> files = Files.walk(src)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".png"))::iterator) {
                Path out = dest.resolve(src.relativize(file));
                Files.createDirectories(out.getParent());
                BufferedImage in = ImageIO.read(file.toFile());
                boolean mask = file.getFileName().toString().endsWith("_mask.png");
                ImageIO.write(mask ? scaleMask(in, size) : scale(in, size), "png", out.toFile());
            }
        }
    }

    static BufferedImage scale(BufferedImage in, int size) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        // area-average first: bicubic alone aliases when shrinking 900 → 320
        g.drawImage(in.getScaledInstance(size, size, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        return out;
    }

    static BufferedImage scaleMask(BufferedImage in, int size) {
        BufferedImage smooth = scale(in, size);
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                out.getRaster().setSample(x, y, 0, (smooth.getRGB(x, y) & 0xff) >= 128 ? 255 : 0);
        return out;
    }
}

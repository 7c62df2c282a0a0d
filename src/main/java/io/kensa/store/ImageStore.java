package io.kensa.store;

import io.kensa.util.Hashes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import javax.imageio.ImageIO;

/**
 * Lossless PNG files addressed by the sha256 of their bytes: {@code <root>/ab/abcdef….png}. A file is written to
 * a temporary name, forced to disk and renamed, so a crash leaves either the whole file or none; the same image
 * stored twice is one file.
 */
final class ImageStore {
    private final Path root;

    ImageStore(Path root) {
        this.root = root.toAbsolutePath();
    }

    Path root() {
        return root;
    }

    Path path(String sha256) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256 + ".png");
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight() * 2);
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer for image type " + image.getType());
        }
        return out.toByteArray();
    }

    /** Stores the PNG bytes (if not already there) and returns their sha256. */
    String put(byte[] png) throws IOException {
        String sha = Hashes.sha256Hex(png);
        Path target = path(sha);
        if (Files.isRegularFile(target) && Files.size(target) == png.length) {
            return sha;
        }
        Path dir = Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(dir, sha.substring(0, 8), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(png);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        forceDirectory(dir);
        return sha;
    }

    /** Writes and removes a probe file: refuses to start recording on a read-only or full disk. */
    void checkWritable() throws IOException {
        Files.createDirectories(root);
        Path probe = Files.createTempFile(root, "write-check", ".tmp");
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[4096]));
            channel.force(true);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** The rename is durable only once the directory entry is on disk (Linux/macOS; Windows cannot open folders). */
    static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the file itself is already forced
        }
    }
}

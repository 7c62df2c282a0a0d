package io.kensa.util;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/** Crafted PNG files for tests of size caps: a header is a few bytes, whatever size it claims. */
public final class Pngs {
    private Pngs() {}

    /** A PNG whose IHDR chunk (with a fresh CRC, so decoders believe it) claims another size than its pixel data has. */
    public static byte[] withSize(byte[] png, int width, int height) {
        byte[] copy = png.clone();
        ByteBuffer bytes = ByteBuffer.wrap(copy);
        bytes.putInt(16, width);
        bytes.putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(copy, 12, 17); // chunk type + 13 data bytes
        bytes.putInt(29, (int) crc.getValue());
        return copy;
    }
}

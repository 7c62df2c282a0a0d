package io.kensa.store;

import io.kensa.detect.AnomalyMap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Codec {@code u8-linear-gzip} for anomaly maps: each score is quantised to one byte between the map's own
 * minimum ({@code low}) and maximum ({@code high}), row-major, then gzip'd. Decoding gives
 * {@code low + b * (high - low) / 255}, within {@code (high - low) / 510} of the original. A 320×320 map is
 * 100 KiB raw as bytes (400 KiB as floats) and typically a few KiB gzip'd.
 */
final class MapCodec {
    static final String NAME = "u8-linear-gzip";

    record Encoded(double low, double high, byte[] data) {}

    private MapCodec() {}

    static Encoded encode(AnomalyMap map) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (float v : map.values()) {
            if (Float.isFinite(v)) {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        if (low > high) { // no finite value at all
            low = 0;
            high = 0;
        }
        double span = high - low;
        byte[] bytes = new byte[map.values().length];
        for (int i = 0; i < bytes.length; i++) {
            float v = map.values()[i];
            double unit = span == 0 || !Float.isFinite(v) ? 0 : (Math.min(high, Math.max(low, v)) - low) / span;
            bytes[i] = (byte) Math.round(unit * 255);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 8 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return new Encoded(low, high, out.toByteArray());
    }

    /** The quantised bytes (0..255 per pixel), e.g. to write the map as a grey PNG. */
    static byte[] bytes(int width, int height, byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length != width * height) {
                throw new IOException("anomaly map holds " + bytes.length + " values, expected " + width + "x" + height);
            }
            return bytes;
        }
    }

    static AnomalyMap decode(int width, int height, double low, double high, byte[] data) throws IOException {
        byte[] bytes = bytes(width, height, data);
        float[] values = new float[bytes.length];
        double step = (high - low) / 255;
        for (int i = 0; i < bytes.length; i++) {
            values[i] = (float) (low + (bytes[i] & 0xff) * step);
        }
        return new AnomalyMap(width, height, values);
    }
}

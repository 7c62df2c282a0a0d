package io.kensa.capture;

import static io.kensa.util.FuzzChecks.onlyTypedFailures;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/**
 * Image files from outside (replay folders, prompt-profile references): any bytes decode, are unknown, or fail with
 * an IOException. The cap is lowered to 4 megapixels here so the 256 MB fuzz heap tests the decoder, not the cap's
 * size (at the real cap one image may take 400 MB, which the station's heap has).
 */
class ImageDecoderFuzzTest {
    private static final long FUZZ_MAX_PIXELS = 4_000_000L;

    @FuzzTest
    void decodesAnyBytesOrFailsWithAnIoException(byte[] bytes) {
        onlyTypedFailures(() -> {
            try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
                ImageDecoder.decode(in, FUZZ_MAX_PIXELS);
            }
        }, IOException.class);
    }
}

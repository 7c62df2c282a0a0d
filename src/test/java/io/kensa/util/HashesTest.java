package io.kensa.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashesTest {
    /** FIPS 180-2 test vectors. */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void hashesKnownStringsAsLowerCaseHex() {
        assertEquals(ABC, Hashes.sha256Hex("abc"));
        assertEquals(EMPTY, Hashes.sha256Hex(""));
        assertEquals(ABC, Hashes.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void textIsHashedAsUtf8() {
        assertEquals(Hashes.sha256Hex("Prüfung".getBytes(StandardCharsets.UTF_8)), Hashes.sha256Hex("Prüfung"));
    }

    @Test
    void fileHashEqualsHashOfItsBytesAcrossReadBlocks(@TempDir Path dir) throws Exception {
        byte[] data = new byte[200_000]; // more than three 64 KiB read blocks
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        Path file = Files.write(dir.resolve("backbone.pt"), data);
        assertEquals(Hashes.sha256Hex(data), Hashes.sha256Hex(file));
        assertEquals(ABC, Hashes.sha256Hex(Files.writeString(dir.resolve("abc.txt"), "abc")));
    }

    @Test
    void digestInPartsEqualsDigestOfTheWhole() {
        MessageDigest sha = Hashes.sha256();
        sha.update("a".getBytes(StandardCharsets.UTF_8));
        sha.update("bc".getBytes(StandardCharsets.UTF_8));
        assertEquals(ABC, Hashes.hex(sha));
    }
}

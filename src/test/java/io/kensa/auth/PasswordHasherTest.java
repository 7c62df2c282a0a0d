package io.kensa.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher cheap = new PasswordHasher(AccountsTest.CHEAP_KIB, 1);

    @Test
    void aHashVerifiesWithTheParametersItCarries() {
        String hash = cheap.hash("correct horse 7".toCharArray());
        assertTrue(hash.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), hash);
        // a station whose default cost changed still verifies the hashes made before
        assertTrue(new PasswordHasher().matches("correct horse 7".toCharArray(), hash));
        assertFalse(cheap.matches("correct horse 8".toCharArray(), hash));
    }

    @Test
    void theSamePasswordGetsADifferentSaltEachTime() {
        assertNotEquals(cheap.hash("correct horse 7".toCharArray()), cheap.hash("correct horse 7".toCharArray()));
    }

    @Test
    void aDamagedHashMatchesNothing() {
        String hash = cheap.hash("correct horse 7".toCharArray());
        assertFalse(cheap.matches("correct horse 7".toCharArray(), hash.substring(0, hash.length() - 4)));
        assertFalse(cheap.matches("correct horse 7".toCharArray(), "$2a$10$notargon"));
        assertFalse(cheap.matches("correct horse 7".toCharArray(), hash.replace("m=1024", "m=x")));
    }
}

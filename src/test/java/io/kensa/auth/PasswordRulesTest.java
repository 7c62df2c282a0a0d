package io.kensa.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordRulesTest {
    private static List<String> problems(String password) {
        return PasswordRules.problems(password.toCharArray(), "m.tanaka", "Mei Tanaka");
    }

    @Test
    void aLongMixedPasswordPasses() {
        assertEquals(List.of(), problems("correct horse 7"));
        assertEquals(List.of(), problems("Lighthouse-42"));
    }

    @Test
    void tooShortIsRefusedSayingTheLength() {
        assertEquals(List.of("The password has 7 characters: use at least 10."), problems("Ab3#xyz"));
    }

    @Test
    void oneKindOfCharacterIsRefused() {
        assertEquals(List.of("The password uses one kind of character only: mix in another (upper case, digits or symbols)."),
                problems("aaaaaaaaaaaa"));
        assertEquals(1, problems("1234567890").size());
    }

    @Test
    void thePasswordMayNotContainTheIdOrBeTheName() {
        assertTrue(problems("M.Tanaka2026").get(0).contains("contains the account id 'm.tanaka'"));
        assertEquals(List.of("The password is the account's name: choose another."), problems("mei tanaka"));
    }
}

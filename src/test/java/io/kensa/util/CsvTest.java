package io.kensa.util;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void formulaLikeTextCellsAreNeutralisedNumbersAreNot() {
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\",'+1,'@SUM(A1),'-cmd,-0.5,ok\r\n",
                Csv.line(List.of("=HYPERLINK(\"x\")", "+1", Optional.of("@SUM(A1)"), "-cmd", -0.5, "ok")));
        assertEquals("'\tx\r\n", Csv.line(List.of("\tx")));
    }
}

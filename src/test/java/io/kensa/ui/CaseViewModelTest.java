package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.inspect.DeskSnapshot;
import io.kensa.store.FrameCounts;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaseViewModelTest {
    @Test
    void theQueueLineShowsTheStationsFlaggedRecordedAndNotRecordedFrames() {
        DeskSnapshot snapshot = new DeskSnapshot(Optional.empty(), 2, 1, 40, new FrameCounts(119, 1), Optional.empty(),
                Optional.empty(), Optional.empty());
        assertEquals("2 waiting · 1 not queued (queue full) · 120 flagged: 119 recorded, 1 not recorded",
                CaseViewModel.queueText(snapshot));
        assertEquals("", CaseViewModel.queueText(new DeskSnapshot(Optional.empty(), 0, 0, 0, FrameCounts.NONE,
                Optional.empty(), Optional.empty(), Optional.empty())), "a new station shows nothing");
    }

    @Test
    void theUnattendedLineSaysTheLineGoesOnAndHowManyCasesWait() {
        DeskSnapshot none = new DeskSnapshot(Optional.empty(), 0, 0, 0, FrameCounts.NONE, Optional.empty(),
                Optional.empty(), Optional.empty());
        assertEquals("Station unattended: capture and detection keep running, every flagged frame is recorded and waits"
                + " for a decision (none is explained until someone signs in). Waiting now: 0 cases.",
                CaseViewModel.unattendedText(none));
        DeskSnapshot full = new DeskSnapshot(Optional.empty(), 1, 3, 0, new FrameCounts(4, 0), Optional.empty(),
                Optional.empty(), Optional.empty());
        assertTrue(CaseViewModel.unattendedText(full).endsWith("Waiting now: 1 case, and 3 recorded past the full queue"
                + " (in the Review tab)."), CaseViewModel.unattendedText(full));
    }
}

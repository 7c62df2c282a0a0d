package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}

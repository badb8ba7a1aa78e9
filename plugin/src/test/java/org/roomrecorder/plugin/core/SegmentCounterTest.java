package org.roomrecorder.plugin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The next segment after a worker loss")
class SegmentCounterTest {
    private static final Instant OPENED = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    @DisplayName("is the next number when the session writes one file")
    void oneFile() {
        assertEquals(1, SegmentCounter.next(0, OPENED, OPENED.plusSeconds(3600), 0));
        assertEquals(4, SegmentCounter.next(3, null, OPENED, 60));
    }

    @Test
    @DisplayName("follows the segments the worker must have started, rounding up near a boundary")
    void segmented() {
        assertEquals(1, SegmentCounter.next(0, OPENED, OPENED.plusSeconds(30), 60));
        assertEquals(2, SegmentCounter.next(0, OPENED, OPENED.plusSeconds(61), 60));
        assertEquals(3, SegmentCounter.next(0, OPENED, OPENED.plusSeconds(119), 60), "2 s of slack");
        assertEquals(7, SegmentCounter.next(5, OPENED, OPENED.plusSeconds(65), 60));
    }
}

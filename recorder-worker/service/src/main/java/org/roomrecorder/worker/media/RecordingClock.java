package org.roomrecorder.worker.media;

import java.time.Instant;

/**
 * Time 0 of a recording on the monotonic clock, and the wall-clock instant it corresponds to. Video ticks and
 * audio samples are both counted from it, which is what keeps them in sync.
 */
record RecordingClock(long startNanos, Instant startInstant) {

    static RecordingClock startingNow() {
        return new RecordingClock(System.nanoTime(), Instant.now());
    }

    Instant instantAt(long nanos) {
        return startInstant.plusNanos(nanos - startNanos);
    }

    /** The monotonic time of the start of segment {@code ordinal} (0 = the first segment of this recording). */
    long segmentStartNanos(long ordinal, long segmentNanos) {
        return startNanos + ordinal * segmentNanos;
    }
}

package org.roomrecorder.worker.media;

import java.util.concurrent.atomic.AtomicLong;

/** Segment files that ended in a failure since the worker started, by cause, for the metrics. */
public final class SegmentFailures {
    private final AtomicLong diskFull = new AtomicLong();
    private final AtomicLong encoderFailed = new AtomicLong();

    /** Counts the segment if {@code endReason} says it failed. */
    void segmentEnded(String endReason) {
        if (Recorder.DISK_FULL.equals(endReason)) {
            diskFull.incrementAndGet();
        } else if (endReason.startsWith("failed")) {
            encoderFailed.incrementAndGet();
        }
    }

    /** Segments whose file system filled up. */
    public long diskFull() {
        return diskFull.get();
    }

    /** Segments whose FFmpeg failed for any other reason. */
    public long encoderFailed() {
        return encoderFailed.get();
    }
}

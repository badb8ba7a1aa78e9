package org.roomrecorder.plugin.core;

import java.time.Duration;
import java.time.Instant;

/**
 * The first segment number for a session that continues one whose worker was lost. The worker numbers a session's
 * files from its {@code firstSegment} and starts a new one every {@code segmentSeconds}; nothing tells the plugin
 * which number it reached before it died, so the plugin estimates from the time the session was open and rounds
 * up generously. A number skipped is harmless; a number used twice would overwrite a file.
 */
final class SegmentCounter {
    /** Worker and plugin clocks and the open handshake differ by far less than this. */
    private static final Duration SLACK = Duration.ofSeconds(2);

    private SegmentCounter() {
    }

    /**
     * @param openedAt when the lost session was opened, or null if it never was (no file can exist, but the worker
     *                 may have created one before it answered)
     */
    static int next(int firstSegment, Instant openedAt, Instant lostAt, int segmentSeconds) {
        if (openedAt == null || segmentSeconds <= 0) {
            return firstSegment + 1;
        }
        long elapsed = Duration.between(openedAt, lostAt).plus(SLACK).toSeconds();
        long rolledOver = Math.max(0, elapsed) / segmentSeconds;
        return Math.toIntExact(firstSegment + rolledOver + 1);
    }
}

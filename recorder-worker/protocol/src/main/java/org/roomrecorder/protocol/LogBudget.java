package org.roomrecorder.protocol;

import java.time.Duration;

/**
 * Lets a limited number of log lines through per window, so that a peer that sends garbage or a flood of
 * unroutable messages cannot flood the log; the lines held back are counted and reported with the next one let
 * through. Metrics, not logs, count every event. Thread-safe.
 */
public final class LogBudget {
    private final int linesPerWindow;
    private final long windowNanos;
    private long windowStart = System.nanoTime();
    private int used;
    private long suppressed;

    public LogBudget(int linesPerWindow, Duration window) {
        this.linesPerWindow = linesPerWindow;
        this.windowNanos = window.toNanos();
    }

    /** -1 if this line must be dropped; otherwise how many lines were dropped since the last one let through. */
    public synchronized long take() {
        long now = System.nanoTime();
        if (now - windowStart > windowNanos) {
            windowStart = now;
            used = 0;
        }
        if (used >= linesPerWindow) {
            suppressed++;
            return -1;
        }
        used++;
        long dropped = suppressed;
        suppressed = 0;
        return dropped;
    }
}

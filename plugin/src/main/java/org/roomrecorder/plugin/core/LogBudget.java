package org.roomrecorder.plugin.core;

import java.util.concurrent.TimeUnit;

/**
 * Lets a limited number of log lines through per window, so that a flood of unroutable messages (a misbehaving
 * host, a replayed trace) cannot flood the log. Metrics still count every message.
 */
final class LogBudget {
    private final int linesPerWindow;
    private final long windowNanos;
    private long windowStart = System.nanoTime();
    private int used;
    private long suppressed;

    LogBudget(int linesPerWindow, long window, TimeUnit unit) {
        this.linesPerWindow = linesPerWindow;
        this.windowNanos = unit.toNanos(window);
    }

    /** -1 if this line must be dropped; otherwise how many lines were dropped since the last one let through. */
    synchronized long take() {
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

package org.roomrecorder.protocol.transport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a few log lines through, then one per period with a count of those held back, so a peer that sends
 * garbage on purpose cannot flood the log.
 */
final class LogBudget {
    private final int burst;
    private final long periodNanos;
    private final AtomicLong spent = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();
    private volatile long nextAllowedNanos;

    LogBudget(int burst, Duration period) {
        this.burst = burst;
        this.periodNanos = period.toNanos();
    }

    /**
     * -1 if this line should be dropped; otherwise how many lines were dropped since the last one let through.
     */
    long take() {
        if (spent.incrementAndGet() <= burst) {
            return 0;
        }
        long now = System.nanoTime();
        if (now - nextAllowedNanos < 0) {
            suppressed.incrementAndGet();
            return -1;
        }
        nextAllowedNanos = now + periodNanos;
        return suppressed.getAndSet(0);
    }
}

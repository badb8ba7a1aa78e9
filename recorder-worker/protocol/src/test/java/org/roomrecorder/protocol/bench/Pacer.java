package org.roomrecorder.protocol.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Sends at a fixed average rate (open loop): message i is due at start + i / rate, whatever the replies do. The
 * sender parks instead of spinning, so on a 2-core machine it does not steal the CPU it measures; the kernel's
 * timer slack (about 50 µs) makes messages leave in small bursts of a few, as signaling does.
 */
final class Pacer {
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long sent;

    Pacer(int perSecond) {
        this.intervalNanos = 1_000_000_000L / perSecond;
    }

    void awaitNext() {
        long wait = start + sent * intervalNanos - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        sent++;
    }

    double achievedPerSecond() {
        return sent * 1e9 / (System.nanoTime() - start);
    }
}

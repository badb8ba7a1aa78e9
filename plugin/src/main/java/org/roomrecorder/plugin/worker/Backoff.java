package org.roomrecorder.plugin.worker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff between reconnect attempts: min, 2·min, 4·min … up to max, each with ±20 % jitter so that
 * plugins restarted together do not knock on a recovering worker (or media server) in lockstep. Not thread-safe: one
 * per connection.
 */
public final class Backoff {
    private final long minNanos;
    private final long maxNanos;
    private long nextNanos;

    public Backoff(Duration min, Duration max) {
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.nextNanos = minNanos;
    }

    public Duration next() {
        long base = nextNanos;
        nextNanos = Math.min(maxNanos, base * 2);
        long jitter = (long) (base * 0.2 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
        return Duration.ofNanos(Math.max(1, Math.min(maxNanos, base + jitter)));
    }

    public void reset() {
        nextNanos = minNanos;
    }
}

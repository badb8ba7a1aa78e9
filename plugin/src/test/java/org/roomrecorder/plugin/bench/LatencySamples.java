package org.roomrecorder.plugin.bench;

import java.util.Arrays;

/** Latencies in nanoseconds, recorded by one thread at a time, read after recording stops. */
final class LatencySamples {
    private long[] values = new long[1 << 16];
    private int count;

    synchronized void add(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    synchronized void clear() {
        count = 0;
    }

    synchronized void copyInto(LatencySamples target) {
        for (int i = 0; i < count; i++) {
            target.add(values[i]);
        }
    }

    synchronized int count() {
        return count;
    }

    /** The q-quantile (0..1) in microseconds. */
    synchronized double micros(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return sorted[Math.min(count - 1, Math.max(0, (int) Math.ceil(q * count) - 1))] / 1000.0;
    }
}

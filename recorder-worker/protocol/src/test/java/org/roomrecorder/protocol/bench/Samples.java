package org.roomrecorder.protocol.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, recorded by one thread and read after it stops. */
final class Samples {
    private long[] values = new long[1 << 16];
    private int count;

    void add(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    int count() {
        return count;
    }

    /** The q-quantile (0..1) in microseconds. */
    double quantileMicros(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return sorted[Math.min(count - 1, (int) Math.ceil(q * count) - 1)] / 1000.0;
    }
}

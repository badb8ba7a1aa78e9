package org.roomrecorder.protocol.transport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until a deadline: tests wait for what they expect, never for a fixed time. */
public final class Waits {
    private Waits() {
    }

    public static void until(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(5); // the poll interval; the deadline above bounds the wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}

package org.roomrecorder.plugin.hosts;

import java.time.Duration;
import java.util.function.Supplier;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.protocol.LogBudget;

/**
 * Log lines that the media server or any remote peer can trigger at will (malformed or undecryptable messages,
 * refused requests, unknown peers, hostile ids), let through within a budget so that a flood cannot flood the log;
 * each line names how many were held back. Callers pass remote text through
 * {@link org.roomrecorder.protocol.Text#printable}. One per host adapter instance, shared by all its rooms.
 */
public final class RemoteLog {
    private final LogBudget budget = new LogBudget(20, Duration.ofSeconds(10));

    public void info(Logger log, Supplier<String> line) {
        long dropped = budget.take();
        if (dropped >= 0) {
            log.info(() -> line.get() + suppressed(dropped));
        }
    }

    public void warn(Logger log, Supplier<String> line) {
        long dropped = budget.take();
        if (dropped >= 0) {
            log.warn(() -> line.get() + suppressed(dropped));
        }
    }

    public void error(Logger log, String line, Throwable failure) {
        long dropped = budget.take();
        if (dropped >= 0) {
            log.error(line + suppressed(dropped), failure);
        }
    }

    private static String suppressed(long dropped) {
        return dropped == 0 ? "" : " (" + dropped + " similar lines suppressed)";
    }
}

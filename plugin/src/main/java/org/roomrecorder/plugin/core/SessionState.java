package org.roomrecorder.plugin.core;

import java.util.Locale;

/**
 * Where a recording session is in its life. Moves only forward, except OPENING → WAITING when a worker refuses the
 * open for capacity and the session waits for another.
 */
public enum SessionState {
    /** Routes registered; waiting for a worker with capacity. */
    WAITING,
    /** {@code open} sent and the host asked to subscribe; waiting for {@code opened}. Signals are queued. */
    OPENING,
    /** The worker opened the session; offers and candidates flow. */
    OPEN,
    /** {@code close} sent and the subscription ended; waiting for {@code closed}. Host keys are retired. */
    CLOSING,
    /** Over: every route of the session is retired. */
    CLOSED;

    /** The metric label: {@code waiting}, {@code opening}, … */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

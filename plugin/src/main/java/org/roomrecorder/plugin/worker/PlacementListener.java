package org.roomrecorder.plugin.worker;

import java.time.Instant;

/**
 * A session's side of placement. The pool calls exactly one of {@link #placed} or {@link #refused} per
 * {@link WorkerPool#place} (at once or after waiting), and {@link #workerLost} if the worker it was placed on goes
 * away before the session releases it. Calls come from any thread; implementations hand off to their own.
 */
public interface PlacementListener {
    void placed(WorkerConnection worker);

    /** No worker has capacity now; the session waits in the pool's waiting room. */
    void waiting(String reason);

    void refused(String reason);

    void workerLost(WorkerConnection worker, Instant lostAt, String reason);
}

package org.roomrecorder.plugin.core;

import java.time.Instant;
import org.roomrecorder.plugin.worker.PlacementListener;
import org.roomrecorder.plugin.worker.WorkerConnection;

/** The pool's callbacks for one session, handed to its endpoint's executor (waiting is only logged). */
final class SessionPlacement implements PlacementListener {
    private final RecordingSession session;

    SessionPlacement(RecordingSession session) {
        this.session = session;
    }

    @Override
    public void placed(WorkerConnection worker) {
        session.endpoint().execute(() -> session.placed(worker));
    }

    @Override
    public void waiting(String reason) {
        session.waitingForWorker(reason);
    }

    @Override
    public void refused(String reason) {
        session.endpoint().execute(() -> session.placementRefused(reason));
    }

    @Override
    public void workerLost(WorkerConnection worker, Instant lostAt, String reason) {
        session.endpoint().execute(() -> session.workerLost(worker, lostAt, reason));
    }
}

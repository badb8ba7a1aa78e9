package org.roomrecorder.plugin.core;

import static java.util.Objects.requireNonNull;

import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.metrics.Direction;
import org.roomrecorder.plugin.worker.WorkerConnection;
import org.roomrecorder.plugin.worker.WorkerPool;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.MessageCodec;
import org.roomrecorder.protocol.Text;
import org.roomrecorder.protocol.ToPlugin;

/** Worker messages, routed by the session id they carry with one lookup; runs on the connection's I/O thread. */
final class WorkerMessageRouter implements WorkerPool.Inbound {
    private final CoreContext ctx;
    private final Logger log;

    WorkerMessageRouter(CoreContext ctx, Logger log) {
        this.ctx = requireNonNull(ctx, "ctx is null");
        this.log = requireNonNull(log, "log is null");
    }

    @Override
    public void message(WorkerConnection from, ToPlugin message) {
        RecordingSession session = lookup(MessageCodec.typeName(message), message.session(), from);
        if (session != null) {
            session.endpoint().execute(() -> session.fromWorker(from, message));
        }
    }

    @Override
    public void error(WorkerConnection from, ErrorMessage error) {
        if (error.session() == null) {
            log.warn("worker " + from.worker() + " reported " + error.code().wireName() + ": "
                    + Text.printable(error.message()));
            return;
        }
        RecordingSession session = lookup("error", error.session(), from);
        if (session != null) {
            session.endpoint().execute(() -> session.workerError(from, error));
        }
    }

    private RecordingSession lookup(String kind, String id, WorkerConnection from) {
        RecordingSession session = ctx.routes().session(id);
        if (session == null) {
            RetiredRoute retired = ctx.routes().retiredSession(id);
            if (retired != null) {
                ctx.drops().stale(kind, Direction.TO_HOST, retired, "the session closed before it arrived from worker " + from.worker());
            } else {
                ctx.drops().unknownSession(kind, Direction.TO_HOST, id, "worker " + from.worker());
            }
        }
        return session;
    }
}

package org.roomrecorder.it.bench;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.roomrecorder.it.WorkerLink;
import org.roomrecorder.it.WorkerProcess;
import org.roomrecorder.it.janus.JanusClient;
import org.roomrecorder.it.janus.JanusPublisher;
import org.roomrecorder.it.janus.JanusSession;
import org.roomrecorder.it.janus.JanusSubscriber;
import org.roomrecorder.protocol.Candidate;
import org.roomrecorder.protocol.EndOfCandidates;
import org.roomrecorder.protocol.Offer;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.RecordingOptions;

/**
 * Plays the plugin between Janus and a worker: each session records one publisher of a room through a VideoRoom
 * subscription of its own, so several sessions may record the same publisher. Janus's offer and candidates go to the
 * worker, the worker's answer and candidates back; all subscriptions share one Janus session, as the plugin's do.
 */
final class JanusRelay extends WorkerLink {
    private final CompletableFuture<JanusSession> janus;
    private final Map<String, JanusSubscriber> subscriptions = new ConcurrentHashMap<>();

    /** Connects to {@code worker}; subscribes over {@code api}, which the caller closes after this. */
    JanusRelay(WorkerProcess worker, JanusClient api) throws IOException {
        super(worker.socket());
        janus = JanusSession.create(api);
    }

    /**
     * Opens session {@code id} on the worker and subscribes it to {@code publisher}; completes once Janus's offer has
     * gone to the worker.
     */
    CompletableFuture<Void> record(String id, String conference, JanusPublisher publisher, RecordingOptions options) {
        send(new Open(id, conference, id, id, publisher.display(), 0, 0, options, null));
        return janus.thenCompose(session -> {
            JanusSubscriber subscription = new JanusSubscriber(session, new ToWorker(id));
            subscriptions.put(id, subscription);
            return subscription.subscribe(publisher.room(), publisher.id());
        });
    }

    @Override
    protected void answer(String session, String sdp) {
        subscriptions.get(session).answer(sdp).whenComplete((reply, failure) -> {
            if (failure != null) {
                System.err.printf("Janus refused %s's answer: %s%n", session, failure);
            }
        });
    }

    @Override
    protected void candidate(String session, String candidate, String sdpMid, Integer sdpMLineIndex) {
        subscriptions.get(session).candidate(candidate, sdpMid, sdpMLineIndex);
    }

    /** Janus's side of one session's subscription, to the worker. */
    private final class ToWorker implements JanusSubscriber.Peer {
        private final String id;

        ToWorker(String id) {
            this.id = id;
        }

        @Override
        public void offer(String sdp) {
            send(new Offer(id, sdp));
        }

        @Override
        public void candidate(String candidate, String sdpMid, Integer sdpMLineIndex) {
            send(new Candidate(id, candidate, sdpMid, sdpMLineIndex));
        }

        @Override
        public void endOfCandidates() {
            send(new EndOfCandidates(id));
        }
    }

    /** Destroys the Janus session, and with it every subscription, then closes the link to the worker. */
    @Override
    public void close() throws Exception {
        janus.thenAccept(JanusSession::close);
        super.close();
    }
}

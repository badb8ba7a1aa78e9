package org.roomrecorder.plugin.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jitsi.utils.MediaType;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.logging.LogContexts;
import org.roomrecorder.plugin.metrics.Direction;
import org.roomrecorder.plugin.spi.EndpointInfo;
import org.roomrecorder.plugin.spi.HostKey;
import org.roomrecorder.plugin.spi.IceCandidate;
import org.roomrecorder.plugin.spi.SubscribeRequest;
import org.roomrecorder.plugin.spi.Subscription;
import org.roomrecorder.plugin.worker.WorkerConnection;
import org.roomrecorder.protocol.Candidate;
import org.roomrecorder.protocol.Close;
import org.roomrecorder.protocol.EndOfCandidates;
import org.roomrecorder.protocol.ErrorCode;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.Gap;
import org.roomrecorder.protocol.MessageCodec;
import org.roomrecorder.protocol.Offer;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.ProtocolException;
import org.roomrecorder.protocol.RecordingOptions;
import org.roomrecorder.protocol.Text;
import org.roomrecorder.protocol.ToPlugin;
import org.roomrecorder.protocol.ToWorker;

/**
 * One recording of one generation of one endpoint on one worker, and its state machine (see {@link SessionState}).
 * The one file of the core over 400 lines: every transition of a session is here, in one place to review; its
 * host keys ({@link SessionKeys}), pool callbacks ({@link SessionPlacement}), worker-message dispatch
 * ({@link WorkerReplies}) and held signals ({@link SignalQueue}) live apart.
 * Its routes are registered before anything else happens; then it is placed on a worker ({@code open}), then the
 * host is asked to subscribe. Host offers and candidates are held until the worker has opened the session and the
 * offer has gone out; the worker's answers and candidates go to the subscription. Every method runs on the
 * endpoint's serial executor, except {@link #bind}, which the host calls from its own thread and must answer.
 */
final class RecordingSession {
    private final CoreContext ctx;
    private final EndpointRecorder endpoint;
    private final EndpointInfo info;
    private final String id = UUID.randomUUID().toString();
    private volatile int generation;
    private final int firstSegment;
    private final Gap gap;
    private final Set<MediaType> media;
    private final RecordingOptions options;
    private Logger log;
    private final SignalQueue queued;
    private final SessionPlacement placement = new SessionPlacement(this);
    private final SessionKeys keys;
    private volatile SessionState state;
    private WorkerConnection worker;
    private Subscription subscription;
    private boolean offerSent;
    private Instant openedAt;
    private ScheduledFuture<?> closeTimeout;

    RecordingSession(CoreContext ctx, EndpointRecorder endpoint, EndpointInfo info, int generation, int firstSegment,
            Gap gap, Set<MediaType> media) {
        this.ctx = requireNonNull(ctx, "ctx is null");
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.info = requireNonNull(info, "info is null");
        this.generation = generation;
        this.firstSegment = firstSegment;
        this.gap = gap;
        this.media = Set.copyOf(media);
        this.options = ctx.rules().options(media);
        this.queued = new SignalQueue(ctx.config().maxQueuedSignals());
        this.keys = new SessionKeys(ctx.routes());
        this.log = logger();
    }

    private Logger logger() {
        return endpoint.log().createChildLogger(RecordingSession.class.getName(),
                LogContexts.of(LogContexts.SESSION_ID, id, LogContexts.GENERATION, Integer.toString(generation)));
    }

    String id() {
        return id;
    }

    EndpointRecorder endpoint() {
        return endpoint;
    }

    int generation() {
        return generation;
    }

    int firstSegment() {
        return firstSegment;
    }

    Instant openedAt() {
        return openedAt;
    }

    Set<MediaType> media() {
        return media;
    }

    /** True once the session stopped taking host signals: its host keys are retired. */
    boolean hostRoutesRetired() {
        return keys.isRetired();
    }

    RetiredRoute retiredRoute() {
        return new RetiredRoute(endpoint.key(), id, generation);
    }

    @Override
    public String toString() {
        return endpoint.key() + " session " + id + " g" + generation + "/s" + firstSegment + " " + state + " on "
                + worker + (keys.isRetired() ? ", keys retired" : "") + (subscription == null ? "" : ", subscribed");
    }

    // ---------------------------------------------------------------- lifecycle

    void start() {
        ctx.routes().addSession(this);
        moveTo(SessionState.WAITING);
        log.info(() -> "recording " + media + " from segment " + firstSegment
                + (gap == null ? "" : ", continuing after '" + gap.reason() + "' at " + gap.since()));
        ctx.pool().place(placement);
    }

    void placed(WorkerConnection placedOn) {
        if (state != SessionState.WAITING) {
            ctx.pool().release(placedOn, placement);
            return;
        }
        if (!placedOn.isUp()) {
            // The worker died between the placement and now; its loss report came first and found no session.
            log.debug(() -> "worker " + placedOn + " was lost before the session reached it; placing it again");
            ctx.pool().place(placement);
            return;
        }
        Open open;
        try {
            open = new Open(id, endpoint.key().conference().value(), endpoint.key().endpoint().value(),
                    info.streamId(), info.displayName(), generation, firstSegment, options, gap, gap == null);
        } catch (ProtocolException e) {
            ctx.pool().release(placedOn, placement);
            log.error("cannot record this endpoint: " + e.getMessage());
            endpoint.sessionFailed(this, "invalid-endpoint");
            return;
        }
        worker = placedOn;
        moveTo(SessionState.OPENING);
        log.info(() -> "placed on worker " + placedOn.worker());
        sendToWorker(open);
        if (subscription == null) {
            subscribe();
        }
    }

    private void subscribe() {
        try {
            subscription = requireNonNull(ctx.host().subscribe(new SubscribeRequest(id, endpoint.key().conference(),
                    endpoint.key().endpoint(), media)), "the host returned no subscription");
        } catch (RuntimeException e) {
            log.error("the host could not subscribe; ending the session", e);
            endpoint.sessionFailed(this, "subscribe-failed");
        }
    }

    /** Ends the session on the plugin's initiative: unsubscribes, then asks the worker to finalize its files. */
    void end(String reason) {
        if (state == SessionState.WAITING) {
            ctx.pool().cancel(placement);
            log.info(() -> "ended while waiting for a worker: " + reason);
            finish();
        } else if (state == SessionState.OPENING || state == SessionState.OPEN) {
            moveTo(SessionState.CLOSING);
            retireHostRoutes();
            sendToWorker(new Close(id, reason));
            long timeout = ctx.config().closeTimeout().toMillis();
            closeTimeout = ctx.timer().schedule(() -> endpoint.execute(this::closeTimedOut), timeout,
                    TimeUnit.MILLISECONDS);
            log.info(() -> "closing: " + reason);
        }
    }

    private void closeTimedOut() {
        if (state == SessionState.CLOSING) {
            log.warn("no 'closed' from worker " + worker + " within " + ctx.config().closeTimeout().toMillis()
                    + " ms; forgetting the session (its files end wherever the worker stopped)");
            finish();
        }
    }

    /** The session's worker was lost and the session continues in a new one; this one is over, with no goodbye. */
    void abandon(String reason) {
        log.warn("worker " + worker + " lost (" + Text.printable(reason) + ")");
        worker = null;
        finish();
    }

    private void finish() {
        if (state == SessionState.CLOSED) {
            return;
        }
        if (closeTimeout != null) {
            closeTimeout.cancel(false);
        }
        retireHostRoutes();
        moveTo(SessionState.CLOSED);
        ctx.routes().retireSession(this);
        if (worker != null) {
            ctx.pool().release(worker, placement);
        }
        log.info("session over");
    }

    /** Retires the host keys first, so that whatever the host sends after it sees the close is stale for sure. */
    private void retireHostRoutes() {
        keys.retire(this);
        int discarded = queued.discard();
        if (discarded > 0) {
            ctx.metrics().dropped("queued-signal", "session-ended");
            log.debug(() -> "discarded " + discarded + " queued host signals: the session ended before they could go");
        }
        Subscription current = subscription;
        subscription = null;
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException e) {
                log.warn("the host failed to close the subscription", e);
            }
        }
    }

    private void moveTo(SessionState next) {
        SessionState previous = state;
        state = next;
        ctx.metrics().sessionMoved(previous == null ? null : previous.label(),
                next == SessionState.CLOSED ? null : next.label());
    }

    // ---------------------------------------------------------------- host → worker

    /** Called on the host's thread before the host asks its server for the stream. */
    SessionKeys.Bind bind(HostKey key) {
        return keys.bind(key, this);
    }

    void offer(String sdp) {
        if (state == SessionState.OPEN) {
            sendOffer(sdp);
            return;
        }
        if (queued.holdOffer(sdp)) {
            log.debug("a newer offer replaced the one held until the worker opens the session");
        }
        ctx.metrics().signalQueued();
    }

    private void sendOffer(String sdp) {
        try {
            sendToWorker(new Offer(id, sdp));
        } catch (ProtocolException e) {
            log.error("the host's offer breaks the protocol's limits (" + e.getMessage() + "); closing the session");
            endpoint.sessionFailed(this, "invalid-offer");
            return;
        }
        offerSent = true;
        for (ToWorker signal : queued.takeAll()) {
            sendToWorker(signal);
        }
    }

    void candidate(IceCandidate candidate) {
        Candidate message;
        try {
            message = new Candidate(id, candidate.candidate(), candidate.sdpMid(), candidate.sdpMLineIndex());
        } catch (ProtocolException e) {
            ctx.metrics().dropped("candidate", "invalid");
            log.warn("dropped a host candidate the worker would refuse: " + e.getMessage());
            return;
        }
        signal(message);
    }

    void endOfCandidates() {
        signal(new EndOfCandidates(id));
    }

    private void signal(ToWorker message) {
        if (state == SessionState.OPEN && offerSent) {
            sendToWorker(message);
        } else if (queued.hold(message)) {
            ctx.metrics().signalQueued();
        } else {
            ctx.metrics().signalQueueOverflow();
            log.error("more than " + ctx.config().maxQueuedSignals() + " candidates arrived before the worker could "
                    + "take them (state " + state.label() + ", offer " + (offerSent ? "sent" : "not sent yet")
                    + "); closing the session rather than losing any");
            endpoint.sessionFailed(this, "signal-queue-overflow");
        }
    }

    void subscriptionEnded(String reason) {
        log.warn("the host ended the subscription: " + Text.printable(reason));
        endpoint.sessionFailed(this, "subscription-ended");
    }

    void subscriptionLost(String reason) {
        log.warn("the host lost its server, and the subscription with it: " + Text.printable(reason));
        endpoint.sessionLost(this);
    }

    private void sendToWorker(ToWorker message) {
        if (worker.send(message)) {
            ctx.metrics().routed(MessageCodec.typeName(message), Direction.TO_WORKER);
        } else {
            log.debug(() -> "could not send " + MessageCodec.typeName(message) + ": the worker connection is gone");
        }
    }

    // ---------------------------------------------------------------- worker → host

    void fromWorker(WorkerConnection from, ToPlugin message) {
        String kind = MessageCodec.typeName(message);
        if (state == SessionState.CLOSED) {
            ctx.drops().stale(kind, Direction.TO_HOST, retiredRoute(), "the session closed before it arrived");
        } else if (from != worker) {
            ctx.drops().unknownSession(kind, Direction.TO_HOST, id, "worker " + from.worker() + ", but the session is placed on "
                    + (worker == null ? "no worker" : worker.worker()));
        } else {
            message.accept(new WorkerReplies(this, log));
        }
    }

    /** @param recordedAs the generation the worker records, or null from a worker that does not say */
    void opened(Integer recordedAs) {
        if (state != SessionState.OPENING) {
            log.debug(() -> "'opened' in state " + state.label() + " ignored");
            return;
        }
        if (recordedAs != null && recordedAs != generation) {
            renumber(recordedAs);
        }
        moveTo(SessionState.OPEN);
        openedAt = ctx.clock().instant();
        log.info(() -> "opened by worker " + worker);
        String offer = queued.takeOffer();
        if (offer != null) {
            sendOffer(offer);
        }
    }

    /**
     * The worker numbered this new generation past one the conference already held (this plugin restarted and
     * forgot its numbering): adopt it, so that a continuation after a loss and the endpoint's next generation
     * number on from it.
     */
    private void renumber(int recordedAs) {
        if (gap != null || recordedAs < generation) {
            log.warn("the worker records generation " + recordedAs + " instead of " + generation
                    + ", which it may only raise for a new generation; keeping " + generation);
            return;
        }
        int asked = generation;
        generation = recordedAs;
        log = logger();
        ctx.routes().generationTaken(endpoint.key(), recordedAs);
        log.info(() -> "recorded as generation " + recordedAs + ": the conference already held generation " + asked);
    }

    void toHost(String kind, Consumer<Subscription> delivery) {
        Subscription current = subscription;
        if (state == SessionState.CLOSING || current == null) {
            ctx.metrics().dropped(kind, "session-closing");
            log.debug(() -> "dropped " + kind + " from the worker: the session is closing");
            return;
        }
        try {
            delivery.accept(current);
            ctx.metrics().routed(kind, Direction.TO_HOST);
        } catch (RuntimeException e) {
            log.error("the host failed to take " + kind, e);
        }
    }

    void closedByWorker(String reason, int files) {
        log.info(() -> "the worker closed the session (" + Text.printable(reason) + ") with " + files + " files");
        if (state != SessionState.CLOSING) {
            // The worker ended it on its own: failure, maximum duration, its shutdown.
            endpoint.sessionEnded(this);
        }
        finish();
    }

    void workerError(WorkerConnection from, ErrorMessage error) {
        if (state == SessionState.CLOSED) {
            ctx.drops().stale("error", Direction.TO_HOST, retiredRoute(), "the session closed before it arrived");
            return;
        }
        if (from != worker) {
            ctx.drops().unknownSession("error", Direction.TO_HOST, id, "worker " + from.worker());
            return;
        }
        String what = error.code().wireName() + ": " + Text.printable(error.message());
        if (state == SessionState.OPENING && error.code() == ErrorCode.OVER_CAPACITY) {
            log.warn("worker " + worker + " has no room after all (" + what + "); placing the session again");
            ctx.pool().refusedForCapacity(worker, placement);
            worker = null;
            moveTo(SessionState.WAITING);
            ctx.pool().place(placement);
        } else if (state == SessionState.OPENING) {
            log.error("worker " + worker + " refused to open the session: " + what);
            endpoint.sessionEnded(this);
            finish();
        } else {
            log.warn("worker " + worker + " refused a message of the session: " + what);
        }
    }

    // ---------------------------------------------------------------- placement

    void waitingForWorker(String reason) {
        log.warn("waiting for a worker: " + reason);
    }

    void placementRefused(String reason) {
        if (state == SessionState.WAITING) {
            log.error("given up: no worker took the session: " + reason);
            endpoint.sessionEnded(this);
            finish();
        }
    }

    void workerLost(WorkerConnection lost, Instant lostAt, String reason) {
        if (lost != worker || state == SessionState.CLOSED) {
            return;
        }
        if (state == SessionState.CLOSING) {
            log.warn("worker " + lost + " lost while closing; its files end where the worker stopped");
            worker = null;
            finish();
        } else {
            endpoint.replaceLost(this, lostAt, reason);
        }
    }
}

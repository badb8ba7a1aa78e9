package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.logging.LogContexts;
import org.roomrecorder.plugin.spi.HostKey;
import org.roomrecorder.plugin.spi.HostSignals;
import org.roomrecorder.plugin.spi.IceCandidate;
import org.roomrecorder.plugin.spi.MediaSource;
import org.roomrecorder.plugin.spi.SubscribeRequest;
import org.roomrecorder.plugin.spi.Subscription;
import org.roomrecorder.protocol.Text;

/**
 * One recorded publisher's stream: a VideoRoom subscriber handle. The order is the point of the design: the
 * subscription binds its own key at once (so a failure before Janus gives it a handle can still be reported),
 * attaches a handle, binds the handle id, and only then sends {@code join ptype=subscriber}. Janus's offer (the
 * {@code attached} event), its renegotiations ({@code updated}) and its candidates then reach the core under the
 * handle key; the worker's answer goes back as {@code start}, its candidates as {@code trickle}.
 */
final class JanusSubscription implements Subscription, HandleListener {
    static final String SUBSCRIPTION_KEY = "janus-subscription";
    static final String HANDLE_KEY = "janus-handle";

    private final SubscribeRequest request;
    private final HostSignals signals;
    private final Consumer<JanusSubscription> onEnd;
    private final RemoteLog remoteLog;
    private final HostKey subscriptionKey;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Logger log;
    private volatile JanusHandle handle;
    private volatile HostKey handleKey;

    /**
     * @param onEnd called once when the subscription is over, by either side
     */
    JanusSubscription(SubscribeRequest request, HostSignals signals, Consumer<JanusSubscription> onEnd,
            Logger parent, RemoteLog remoteLog) {
        this.request = request;
        this.signals = signals;
        this.onEnd = onEnd;
        this.remoteLog = remoteLog;
        this.subscriptionKey = new HostKey(SUBSCRIPTION_KEY, request.session());
        this.log = parent.createChildLogger(JanusSubscription.class.getName(), LogContexts.of(
                LogContexts.CONF_ID, request.conference().value(), LogContexts.EP_ID, request.endpoint().value(),
                LogContexts.SESSION_ID, request.session()));
    }

    /**
     * Asks Janus for the stream.
     *
     * @param session the live Janus session, or null while disconnected
     * @param feed    the publisher as last reported, or null if it is not publishing
     */
    void start(JanusSession session, RoomRegistry.Feed feed) {
        if (!signals.bind(subscriptionKey, request.session())) {
            finish();
            return;
        }
        if (session == null) {
            end("not connected to Janus", true);
        } else if (feed == null) {
            end("Janus has not reported this endpoint as publishing", true);
        } else {
            session.attach("room-recorder-subscriber", this).whenComplete((attached, failure) -> {
                if (failure != null) {
                    end("attaching a subscriber handle failed: " + JanusException.describe(failure), true);
                } else {
                    join(attached, feed);
                }
            });
        }
    }

    private void join(JanusHandle attached, RoomRegistry.Feed feed) {
        handle = attached;
        HostKey key = new HostKey(HANDLE_KEY, attached.idText());
        log = log.createChildLogger(JanusSubscription.class.getName(), LogContexts.of("handle", attached.idText()));
        if (ended.get() || !signals.bind(key, request.session())) {
            log.debug("the session ended before the handle could be bound; detaching");
            attached.detach();
            finish();
            return;
        }
        handleKey = key;
        attached.message(JanusRequests.joinSubscriber(feed.room(), feed.id(), mids(feed)))
                .whenComplete((ack, failure) -> {
                    if (failure != null) {
                        end("Janus refused the subscription: " + JanusException.describe(failure), true);
                    }
                });
        log.info(() -> "subscribing on handle " + attached.idText());
    }

    /** Every stream of the feed when it is all wanted; otherwise the mids of the wanted media only. */
    private List<String> mids(RoomRegistry.Feed feed) {
        if (feed.sources().stream().allMatch(s -> request.media().contains(s.type()))) {
            return List.of();
        }
        return feed.sources().stream().filter(s -> request.media().contains(s.type())).map(MediaSource::name).toList();
    }

    // ---------------------------------------------------------------- Janus → core, on the WebSocket's thread

    @Override
    public void onMessage(JanusMessage message) {
        HostKey key = handleKey;
        if (key == null || ended.get()) {
            return;
        }
        switch (message.janus()) {
            case "event" -> event(key, message);
            case "trickle" -> trickle(key, message.body().path("candidate"));
            case "webrtcup" -> log.info("media path to the worker is up");
            case "hangup" -> end("Janus hung up: " + message.reason(), false);
            case "detached" -> end("Janus detached the handle", false);
            default -> log.debug(() -> "'" + message.janus() + "' ignored");
        }
    }

    private void event(HostKey key, JanusMessage message) {
        String error = message.pluginError();
        if (error != null) {
            end("Janus refused the subscription: " + error, true);
            return;
        }
        String sdp = message.offerSdp();
        if (sdp != null) {
            log.info(() -> "offer from Janus ('" + message.videoroom() + "')");
            signals.offer(key, sdp);
        } else {
            log.debug(() -> "VideoRoom '" + message.videoroom() + "' without an offer");
        }
    }

    private void trickle(HostKey key, JsonNode candidate) {
        if (candidate.path("completed").asBoolean(false)) {
            signals.endOfCandidates(key);
            return;
        }
        JsonNode index = candidate.path("sdpMLineIndex");
        JsonNode mid = candidate.path("sdpMid");
        try {
            signals.candidate(key, new IceCandidate(candidate.path("candidate").textValue(),
                    mid.isTextual() ? mid.asText() : null, index.canConvertToInt() ? index.asInt() : null));
        } catch (RuntimeException e) {
            remoteLog.warn(log, () -> "dropped a candidate from Janus without a candidate line, mid or m-line index");
        }
    }

    // ---------------------------------------------------------------- core → Janus

    @Override
    public void answer(String sdp) {
        JanusHandle current = handle;
        if (current != null && !ended.get()) {
            current.message(JanusRequests.start(), "answer", sdp).whenComplete((ack, failure) -> {
                if (failure != null) {
                    end("Janus refused the answer: " + JanusException.describe(failure), true);
                }
            });
        }
    }

    @Override
    public void candidate(IceCandidate candidate) {
        JanusHandle current = handle;
        if (current != null && !ended.get()) {
            current.trickle(candidate).whenComplete(this::trickled);
        }
    }

    @Override
    public void endOfCandidates() {
        JanusHandle current = handle;
        if (current != null && !ended.get()) {
            current.trickleCompleted().whenComplete(this::trickled);
        }
    }

    private void trickled(JanusMessage ack, Throwable failure) {
        if (failure != null) {
            remoteLog.warn(log, () -> "Janus did not take a candidate: " + JanusException.describe(failure));
        }
    }

    /** The core unsubscribes: drop the handle; nothing more is reported. */
    @Override
    public void close() {
        if (ended.compareAndSet(false, true)) {
            JanusHandle current = handle;
            if (current != null) {
                current.detach();
            }
            finish();
        }
    }

    /**
     * The Janus session is gone, and the handle with it. Reported as lost, not ended: the publisher may still be
     * publishing, and once reconnected the adapter reports it again, so its recording resumes after a gap.
     */
    void connectionLost(String reason) {
        end("lost the connection to Janus: " + Text.printable(reason), true, signals::subscriptionLost);
    }

    private void end(String reason, boolean failed) {
        end(reason, failed, signals::subscriptionEnded);
    }

    /**
     * Janus (or the adapter) ended the subscription: tell the core, under the newest key bound.
     *
     * @param reason fit for a log line already
     * @param failed whether it ended by a failure rather than by Janus's ordinary hang-up
     * @param report {@link HostSignals#subscriptionEnded}, or {@link HostSignals#subscriptionLost} when Janus is gone
     */
    private void end(String reason, boolean failed, BiConsumer<HostKey, String> report) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        if (failed) {
            remoteLog.warn(log, () -> "subscription failed: " + reason);
        } else {
            log.info(() -> "subscription ended: " + reason);
        }
        HostKey key = handleKey;
        report.accept(key != null ? key : subscriptionKey, reason);
        JanusHandle current = handle;
        if (current != null) {
            current.detach();
        }
        finish();
    }

    private void finish() {
        ended.set(true);
        onEnd.accept(this);
    }
}

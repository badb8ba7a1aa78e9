package org.roomrecorder.plugin.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.roomrecorder.plugin.spi.HostKey;
import org.roomrecorder.plugin.spi.IceCandidate;
import org.roomrecorder.plugin.spi.SubscribeRequest;
import org.roomrecorder.plugin.spi.Subscription;

/**
 * The server's side of one fake subscription: sends offers and candidates through the host signals and records
 * what the core delivers back. Every offer and candidate carries this subscription's session id, so the worker can
 * tell if one reaches the wrong session; {@link #misrouted} collects deliveries that carry another session's id.
 */
public final class FakeSubscription implements Subscription {
    public final SubscribeRequest request;
    public final HostKey key;
    public final List<String> answers = new CopyOnWriteArrayList<>();
    public final List<IceCandidate> candidates = new CopyOnWriteArrayList<>();
    public final List<String> misrouted = new CopyOnWriteArrayList<>();
    public final AtomicInteger endOfCandidates = new AtomicInteger();
    /** Takes the worker's candidates instead of {@link #candidates} when set (benchmarks keep no history). */
    public volatile Consumer<IceCandidate> candidateSink;
    private final FakeHost host;
    private volatile boolean bound;
    private volatile boolean closed;

    FakeSubscription(FakeHost host, SubscribeRequest request, HostKey key) {
        this.host = host;
        this.request = request;
        this.key = key;
    }

    public String session() {
        return request.session();
    }

    /** Binds the key, as an adapter does before asking its server for the stream. */
    public boolean bind() {
        bound = host.signals().bind(key, request.session());
        return bound;
    }

    public boolean isBound() {
        return bound;
    }

    public boolean isClosed() {
        return closed;
    }

    /** An SDP offer that names its session: {@code o=} carries the session id the way a fingerprint would. */
    public static String sdpFor(String session, String tag) {
        return "v=0\r\no=- " + session + " 2 IN IP4 127.0.0.1\r\ns=" + tag + "\r\n";
    }

    public static String candidateFor(String session, int n) {
        return "candidate:" + n + " 1 udp 2122260223 127.0.0.1 " + (40000 + n) + " typ host rr-session " + session;
    }

    public void offer(String tag) {
        host.signals().offer(key, sdpFor(request.session(), tag));
    }

    public void candidate(int n) {
        host.signals().candidate(key, new IceCandidate(candidateFor(request.session(), n), "0", 0));
    }

    public void endOfCandidatesFromServer() {
        host.signals().endOfCandidates(key);
    }

    public void endedByServer(String reason) {
        host.signals().subscriptionEnded(key, reason);
    }

    /** The host lost its server (a restart, a broken connection), and this subscription with it. */
    public void lostWithServer(String reason) {
        host.signals().subscriptionLost(key, reason);
    }

    @Override
    public void answer(String sdp) {
        check(sdp);
        answers.add(sdp);
    }

    @Override
    public void candidate(IceCandidate candidate) {
        Consumer<IceCandidate> sink = candidateSink;
        if (sink != null) {
            sink.accept(candidate);
            return;
        }
        check(candidate.candidate());
        candidates.add(candidate);
    }

    @Override
    public void endOfCandidates() {
        endOfCandidates.incrementAndGet();
    }

    @Override
    public void close() {
        closed = true;
    }

    private void check(String text) {
        if (!text.contains(request.session())) {
            misrouted.add(text);
        }
    }
}

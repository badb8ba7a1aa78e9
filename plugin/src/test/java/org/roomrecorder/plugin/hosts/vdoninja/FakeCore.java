package org.roomrecorder.plugin.hosts.vdoninja;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jitsi.utils.MediaType;
import org.roomrecorder.plugin.spi.ConferenceId;
import org.roomrecorder.plugin.spi.ConferenceListener;
import org.roomrecorder.plugin.spi.EndpointId;
import org.roomrecorder.plugin.spi.EndpointInfo;
import org.roomrecorder.plugin.spi.HostKey;
import org.roomrecorder.plugin.spi.HostSignals;
import org.roomrecorder.plugin.spi.IceCandidate;
import org.roomrecorder.plugin.spi.MediaSource;
import org.roomrecorder.plugin.spi.SubscribeRequest;
import org.roomrecorder.plugin.spi.Subscription;

/**
 * The routing core as far as an adapter can see it, single-threaded: it records every endpoint that publishes
 * (session {@code <uuid>#<generation>}), subscribes at once, and ends the session when the endpoint leaves or the
 * subscription is ended or lost; it routes host signals by key with one lookup, like the real route table (live,
 * retired or unknown). Everything it sees goes into the journal; what each session received into {@link #received}.
 */
final class FakeCore implements ConferenceListener, HostSignals {
    final List<String> journal;
    /** session → the offers and candidates it received, as "offer <sdp>" / "candidate <line>". */
    final Map<String, List<String>> received = new HashMap<>();
    final Map<String, String> sessionEndpoint = new HashMap<>();
    private final Map<String, String> current = new HashMap<>();
    private final Map<String, Integer> generations = new HashMap<>();
    private final Map<String, Subscription> subscriptions = new HashMap<>();
    private final Map<HostKey, String> keys = new HashMap<>();
    private final Set<HostKey> retired = new HashSet<>();
    private final Set<String> over = new HashSet<>();
    private Function<SubscribeRequest, Subscription> host;

    FakeCore(List<String> journal) {
        this.journal = journal;
    }

    void host(Function<SubscribeRequest, Subscription> subscribe) {
        this.host = subscribe;
    }

    synchronized String currentSession(String endpoint) {
        return current.get(endpoint);
    }

    synchronized Subscription subscription(String session) {
        return subscriptions.get(session);
    }

    // ---------------------------------------------------------------- room events

    @Override
    public synchronized void endpointJoined(ConferenceId conference, EndpointId endpoint, EndpointInfo info) {
        journal.add("joined " + endpoint + " " + info.streamId());
    }

    @Override
    public synchronized void sourcesAdded(ConferenceId conference, EndpointId endpoint, List<MediaSource> sources) {
        journal.add("added " + endpoint);
        String ep = endpoint.value();
        if (current.containsKey(ep)) {
            return;
        }
        int generation = generations.merge(ep, 1, Integer::sum) - 1;
        String session = ep + "#" + generation;
        current.put(ep, session);
        sessionEndpoint.put(session, ep);
        received.put(session, new ArrayList<>());
        subscriptions.put(session, host.apply(new SubscribeRequest(session, conference, endpoint,
                Set.of(MediaType.AUDIO, MediaType.VIDEO))));
    }

    @Override
    public synchronized void sourcesRemoved(ConferenceId conference, EndpointId endpoint, List<MediaSource> sources) {
        journal.add("removed " + endpoint);
        end(current.get(endpoint.value()));
    }

    @Override
    public synchronized void endpointLeft(ConferenceId conference, EndpointId endpoint) {
        journal.add("left " + endpoint);
        end(current.get(endpoint.value()));
    }

    private void end(String session) {
        if (session == null || !over.add(session)) {
            return;
        }
        current.remove(sessionEndpoint.get(session), session);
        keys.entrySet().removeIf(entry -> {
            boolean mine = entry.getValue().equals(session);
            if (mine) {
                retired.add(entry.getKey());
            }
            return mine;
        });
        Subscription subscription = subscriptions.get(session);
        if (subscription != null) {
            subscription.close();
        }
    }

    // ---------------------------------------------------------------- host signals

    @Override
    public synchronized boolean bind(HostKey key, String session) {
        journal.add("bind " + key + " to " + session);
        if (over.contains(session) || keys.containsKey(key) && !keys.get(key).equals(session)) {
            return false;
        }
        keys.put(key, session);
        retired.remove(key);
        return true;
    }

    @Override
    public synchronized void offer(HostKey key, String sdp) {
        deliver(key, "offer " + sdp);
    }

    @Override
    public synchronized void candidate(HostKey key, IceCandidate candidate) {
        deliver(key, "candidate " + candidate.candidate());
    }

    @Override
    public synchronized void endOfCandidates(HostKey key) {
        deliver(key, "end-of-candidates");
    }

    @Override
    public synchronized void subscriptionEnded(HostKey key, String reason) {
        journal.add("ended " + key + ": " + reason);
        end(keys.get(key));
    }

    @Override
    public synchronized void subscriptionLost(HostKey key, String reason) {
        journal.add("lost " + key + ": " + reason);
        end(keys.get(key));
    }

    private void deliver(HostKey key, String what) {
        String session = keys.get(key);
        if (session == null) {
            journal.add((retired.contains(key) ? "stale " : "unknown ") + key + " " + what);
            return;
        }
        journal.add("to " + session + ": " + what);
        received.get(session).add(what);
    }
}

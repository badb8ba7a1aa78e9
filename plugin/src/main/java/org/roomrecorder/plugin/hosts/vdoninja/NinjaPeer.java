package org.roomrecorder.plugin.hosts.vdoninja;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.roomrecorder.plugin.spi.IceCandidate;

/**
 * One publisher in the room, by its UUID: its stream id, the subscription that records it, and the session tokens
 * it has used. Lives on the adapter's thread only.
 */
final class NinjaPeer {
    /** Candidates held for a session whose subscription does not exist yet; more are dropped. */
    static final int MAX_EARLY_CANDIDATES = 64;
    /** Session tokens remembered per peer, so that late messages of old connections are told apart from new ones. */
    private static final int REMEMBERED_SESSIONS = 16;

    final String uuid;
    /** As on the wire, with the password suffix: what {@code play} names. */
    String streamId;
    /** The subscription of the current recording, or null. */
    NinjaSubscription subscription;
    /** An offer (and its candidates) of a connection no subscription has taken yet, or null. */
    Early early;
    /** Whether the core was told the endpoint is there (false after it hung up on the recorder with a bye). */
    boolean reported;
    /** Whether the peer must be reported again once the server confirms it (set when the connection dropped). */
    boolean unconfirmed;
    private final Set<String> sessions = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_SESSIONS;
        }
    });

    NinjaPeer(String uuid, String streamId) {
        this.uuid = uuid;
        this.streamId = streamId;
    }

    /** Messages of a connection the publisher opened before any subscription took it. */
    static final class Early {
        final String session;
        String offer;
        final List<IceCandidate> candidates = new ArrayList<>();

        Early(String session) {
            this.session = session;
        }

        void add(List<IceCandidate> more) {
            int room = MAX_EARLY_CANDIDATES - candidates.size();
            candidates.addAll(more.subList(0, Math.min(room, more.size())));
        }
    }

    void used(String session) {
        sessions.add(session);
    }

    boolean hasUsed(String session) {
        return sessions.contains(session);
    }

    boolean hasUsedAny() {
        return !sessions.isEmpty();
    }
}

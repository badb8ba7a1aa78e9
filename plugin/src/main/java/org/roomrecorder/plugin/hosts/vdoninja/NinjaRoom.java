package org.roomrecorder.plugin.hosts.vdoninja;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jitsi.utils.MediaType;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.spi.ConferenceId;
import org.roomrecorder.plugin.spi.ConferenceListener;
import org.roomrecorder.plugin.spi.EndpointId;
import org.roomrecorder.plugin.spi.EndpointInfo;
import org.roomrecorder.plugin.spi.MediaSource;
import org.roomrecorder.protocol.Text;

/**
 * Who publishes in the room, by UUID, and what the core has been told about it. A publisher is announced by the
 * {@code listing} after the recorder joins, or by a join event ({@code videoaddedtoroom}, {@code someonejoined}, a
 * relayed {@code joinroom} or {@code seed}). It hangs up on the recorder with {@code bye} or {@code cleanup} (and may
 * come back with a new connection or announcement), and is gone when a listing after a reconnect lacks it or its
 * stream id turns up under another UUID. VDO.Ninja does not say which media a stream carries
 * before the offer, so every publisher is reported with an audio and a video source; the worker records what arrives.
 * Adapter thread only.
 */
final class NinjaRoom {
    static final List<MediaSource> SOURCES = List.of(new MediaSource("audio", MediaType.AUDIO),
            new MediaSource("video", MediaType.VIDEO));

    private final VdoNinjaConfig config;
    private final ConferenceId conference;
    private final ConferenceListener listener;
    private final String suffix;
    private final Logger log;
    private final RemoteLog remoteLog;
    private final Map<String, NinjaPeer> peers = new LinkedHashMap<>();
    private final Map<String, String> streamOwners = new HashMap<>();

    /**
     * @param suffix the password suffix of stream ids, or "" when the room is not encrypted
     */
    NinjaRoom(VdoNinjaConfig config, ConferenceListener listener, String suffix, Logger log, RemoteLog remoteLog) {
        this.config = config;
        this.conference = new ConferenceId(config.room());
        this.listener = listener;
        this.suffix = suffix;
        this.log = log.createChildLogger(NinjaRoom.class.getName());
        this.remoteLog = remoteLog;
    }

    ConferenceId conference() {
        return conference;
    }

    NinjaPeer peer(String uuid) {
        return peers.get(uuid);
    }

    Collection<NinjaPeer> peers() {
        return peers.values();
    }

    /** A publisher's stream id without the password suffix: the name people gave it, and the one files carry. */
    String plainStreamId(String streamId) {
        return !suffix.isEmpty() && streamId.endsWith(suffix) && streamId.length() > suffix.length()
                ? streamId.substring(0, streamId.length() - suffix.length()) : streamId;
    }

    /** A publisher announced itself, or the server announced it. */
    void announced(String uuid, String streamId, String how) {
        String plain = plainStreamId(streamId);
        if (!config.streams().isEmpty() && !config.streams().contains(plain)
                && !config.streams().contains(streamId)) {
            log.debug(() -> "stream " + plain + " (" + how + ") is not in 'streams'; not recorded");
            if (peers.containsKey(uuid)) {
                forget(uuid, "it now publishes " + plain + ", which is not in 'streams'");
            }
            return;
        }
        String owner = streamOwners.get(streamId);
        if (owner != null && !owner.equals(uuid)) {
            forget(owner, "its stream " + plain + " is now published by " + uuid);
        }
        NinjaPeer peer = peers.get(uuid);
        if (peer != null) {
            boolean unconfirmed = peer.unconfirmed;
            peer.unconfirmed = false;
            if (!peer.streamId.equals(streamId)) {
                log.info(() -> uuid + " now publishes " + plain + " instead of " + plainStreamId(peer.streamId));
                reportGone(peer);
                streamOwners.remove(peer.streamId);
                streamOwners.put(streamId, uuid);
                peer.streamId = streamId;
                peer.early = null; // an offer of the old stream is not one to record under the new
                reportBack(peer);
            } else if (!peer.reported) {
                log.info(() -> uuid + " publishes " + plain + " again (" + how + ")");
                reportBack(peer);
            } else if (how.equals("joinroom")) {
                // A peer only joins a room it is in again after losing its connection (a relay passes the join on
                // with the same UUID): its old session is dead, so the recording ends and starts anew.
                log.info(() -> uuid + " joined the room again with " + plain + ": a new connection, a new recording");
                reportGone(peer);
                peer.early = null;
                reportBack(peer);
            } else if (unconfirmed) {
                log.info(() -> uuid + " still publishes " + plain + " (" + how + ")");
                listener.sourcesAdded(conference, endpoint(peer), SOURCES);
            }
            return;
        }
        if (peers.size() >= config.maxPeers() && !forgetOneHungUp()) {
            remoteLog.warn(log, () -> "the room has " + peers.size() + " publishers already (max-peers); "
                    + uuid + " (" + plain + ") is not recorded");
            return;
        }
        NinjaPeer added = new NinjaPeer(uuid, streamId);
        peers.put(uuid, added);
        streamOwners.put(streamId, uuid);
        log.info(() -> uuid + " publishes " + plain + " (" + how + ")");
        reportBack(added);
    }

    /** Makes room for a new publisher by forgetting one that hung up, if there is one. */
    private boolean forgetOneHungUp() {
        for (NinjaPeer peer : peers.values()) {
            if (!peer.reported) {
                peers.remove(peer.uuid);
                streamOwners.remove(peer.streamId, peer.uuid);
                return true;
            }
        }
        return false;
    }

    /**
     * The room's members when the recorder (re)joined. A publisher known from before a reconnect and missing now is
     * gone. Publishers announced since the join are kept even if the listing lacks them: it is a snapshot, and a
     * join event may overtake it.
     */
    void listing(List<NinjaMessage.Member> members, int skipped) {
        if (members.isEmpty()) {
            log.info("the room's listing names no publisher yet; publishers are recorded as they announce themselves");
        }
        if (skipped > 0) {
            remoteLog.warn(log, () -> "ignored " + skipped + " listing entries with ids that are not plausible");
        }
        Set<String> listed = new HashSet<>();
        for (NinjaMessage.Member member : members) {
            listed.add(member.uuid());
            announced(member.uuid(), member.streamId(), "listing");
        }
        for (NinjaPeer peer : new ArrayList<>(peers.values())) {
            if (peer.unconfirmed && !listed.contains(peer.uuid)) {
                forget(peer.uuid, "not in the room's listing");
            }
        }
    }

    /**
     * The publisher hung up on the recorder ({@code bye}, {@code cleanup}): the core ends its recording. It stays
     * known, as it may still be in the room: a new connection from it, or a new announcement, records it again.
     */
    void hungUp(String uuid, String why) {
        NinjaPeer peer = peers.get(uuid);
        if (peer == null || !peer.reported) {
            log.debug(() -> Text.printable(uuid) + " hung up (" + why + "), but it was not being recorded");
            return;
        }
        log.info(() -> uuid + " hung up: " + why);
        reportGone(peer);
    }

    /** The publisher is gone from the room (or its stream went elsewhere): reported gone, and forgotten. */
    private void forget(String uuid, String why) {
        NinjaPeer peer = peers.remove(uuid);
        if (peer == null) {
            return;
        }
        streamOwners.remove(peer.streamId, uuid);
        log.info(() -> uuid + " left: " + why);
        reportGone(peer);
    }

    /**
     * The publisher opened a new connection (a new session token): to the core that is the endpoint gone and back,
     * so that the new connection is recorded as a new generation.
     */
    void reconnected(NinjaPeer peer) {
        reportGone(peer);
        reportBack(peer);
    }

    /** The connection to the server dropped: every publisher must be confirmed by the server again. */
    void disconnected() {
        peers.values().forEach(peer -> peer.unconfirmed = true);
    }

    /**
     * Connected again. A relay sends no listing, so every publisher known before is reported again at once (its
     * recording resumes); with the official server the listing that follows {@code joinroom} confirms them.
     */
    void rejoined(boolean listingFollows) {
        if (listingFollows) {
            return;
        }
        for (NinjaPeer peer : peers.values()) {
            if (peer.unconfirmed) {
                peer.unconfirmed = false;
                if (peer.reported) {
                    listener.sourcesAdded(conference, endpoint(peer), SOURCES);
                }
            }
        }
    }

    private void reportGone(NinjaPeer peer) {
        if (!peer.reported) {
            return;
        }
        peer.reported = false;
        listener.endpointLeft(conference, endpoint(peer));
    }

    private void reportBack(NinjaPeer peer) {
        peer.reported = true;
        EndpointId endpoint = endpoint(peer);
        listener.endpointJoined(conference, endpoint, new EndpointInfo(plainStreamId(peer.streamId), null));
        listener.sourcesAdded(conference, endpoint, SOURCES);
    }

    private static EndpointId endpoint(NinjaPeer peer) {
        return new EndpointId(peer.uuid);
    }
}

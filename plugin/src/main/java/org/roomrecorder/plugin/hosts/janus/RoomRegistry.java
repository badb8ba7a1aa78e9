package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.logging.LogContexts;
import org.roomrecorder.plugin.spi.ConferenceId;
import org.roomrecorder.plugin.spi.ConferenceListener;
import org.roomrecorder.plugin.spi.EndpointId;
import org.roomrecorder.plugin.spi.EndpointInfo;
import org.roomrecorder.plugin.spi.MediaSource;
import org.roomrecorder.protocol.Text;

/**
 * What the adapter knows of every room's publishers, and the one place that turns what Janus says (observer
 * events, the event handler's posts, room snapshots) into room events for the core. It reports changes only:
 * Janus's second {@code unpublished} and a {@code leaving} for someone already gone are dropped here.
 *
 * <p>A publisher is <em>confirmed</em> when Janus reported it since its room was last (re)watched. Watching a room
 * again (a new observer, a reconnect) unconfirms its publishers: those the snapshot confirms are reported again in
 * full, so the core resumes recording the ones whose subscriptions were lost; the rest are reported gone.
 *
 * <p>Confined to the adapter's executor, except {@link #feed}, which any thread may call.
 */
final class RoomRegistry {
    /** What a subscription needs of a publisher: the ids to echo to Janus and its streams. */
    record Feed(JsonNode room, JsonNode id, List<MediaSource> sources) {
    }

    private record FeedKey(ConferenceId conference, EndpointId endpoint) {
    }

    private static final class Publisher {
        final JsonNode id;
        String display;
        Map<String, MediaSource> sources = new LinkedHashMap<>();
        boolean confirmed;

        Publisher(JsonNode id) {
            this.id = id;
        }
    }

    private static final class Room {
        final JsonNode id;
        final Map<EndpointId, Publisher> publishers = new HashMap<>();
        /** Seen in Janus's room list; rooms known only from the event handler may be private. */
        boolean listed;

        Room(JsonNode id) {
            this.id = id;
        }
    }

    private final ConferenceListener listener;
    private final Logger log;
    private final Map<ConferenceId, Room> rooms = new HashMap<>();
    private final Map<FeedKey, Feed> feeds = new ConcurrentHashMap<>();

    RoomRegistry(ConferenceListener listener, Logger log) {
        this.listener = listener;
        this.log = log;
    }

    /** The publisher as last reported, or null if it is not (or no longer) publishing. Any thread. */
    Feed feed(ConferenceId conference, EndpointId endpoint) {
        return feeds.get(new FeedKey(conference, endpoint));
    }

    Set<ConferenceId> rooms() {
        return Set.copyOf(rooms.keySet());
    }

    /** A room is about to be (re)watched: its publishers count as unconfirmed until Janus reports them again. */
    void watching(JsonNode roomId) {
        Room room = rooms.get(conference(roomId));
        if (room != null) {
            room.publishers.values().forEach(p -> p.confirmed = false);
        }
    }

    /** A publisher publishes these streams now (first time, again, or changed). */
    void published(JsonNode roomId, PublishedFeed feed) {
        ConferenceId conference = conference(roomId);
        EndpointId endpoint = feed.endpoint();
        Room room = rooms.computeIfAbsent(conference, c -> new Room(roomId));
        Publisher publisher = room.publishers.computeIfAbsent(endpoint, e -> new Publisher(feed.id()));
        Map<String, MediaSource> now = new LinkedHashMap<>();
        feed.sources().forEach(s -> now.put(s.name(), s));
        boolean fresh = !publisher.confirmed;
        if (fresh || !Objects.equals(publisher.display, feed.display())) {
            context(conference, endpoint).info(() -> "publishes " + Text.printable(now.keySet().toString())
                    + (fresh ? "" : " under a new name"));
            listener.endpointJoined(conference, endpoint, new EndpointInfo(endpoint.value(), feed.display()));
        }
        List<MediaSource> removed = new ArrayList<>();
        publisher.sources.forEach((mid, source) -> {
            if (!source.equals(now.get(mid))) {
                removed.add(source);
            }
        });
        // Reported again in full when unconfirmed: the core may have lost its recording meanwhile.
        List<MediaSource> added = now.values().stream()
                .filter(s -> fresh || !s.equals(publisher.sources.get(s.name()))).toList();
        publisher.display = feed.display();
        publisher.sources = now;
        publisher.confirmed = true;
        updateFeed(conference, endpoint, room, publisher);
        if (!removed.isEmpty()) {
            listener.sourcesRemoved(conference, endpoint, removed);
        }
        if (!added.isEmpty()) {
            listener.sourcesAdded(conference, endpoint, added);
        }
    }

    /** The publisher stopped publishing but may still be in the room. */
    void unpublished(JsonNode roomId, JsonNode id) {
        ConferenceId conference = conference(roomId);
        EndpointId endpoint = new EndpointId(JanusIds.text(id));
        Room room = rooms.get(conference);
        Publisher publisher = room == null ? null : room.publishers.get(endpoint);
        if (publisher == null || publisher.sources.isEmpty()) {
            context(conference, endpoint).debug("'unpublished' for a publisher with nothing published: duplicate");
            return;
        }
        List<MediaSource> removed = List.copyOf(publisher.sources.values());
        publisher.sources = new LinkedHashMap<>();
        feeds.remove(new FeedKey(conference, endpoint));
        context(conference, endpoint).info("unpublished");
        listener.sourcesRemoved(conference, endpoint, removed);
    }

    /** The participant left the room (or was kicked). */
    void left(JsonNode roomId, JsonNode id) {
        ConferenceId conference = conference(roomId);
        EndpointId endpoint = new EndpointId(JanusIds.text(id));
        Room room = rooms.get(conference);
        if (room == null || room.publishers.remove(endpoint) == null) {
            context(conference, endpoint).debug("left without having published: nothing to report");
            return;
        }
        leave(conference, endpoint, "left");
    }

    /** The full list of a room's publishers: those unconfirmed and not in it are gone. */
    void snapshot(JsonNode roomId, List<PublishedFeed> publishing) {
        ConferenceId conference = conference(roomId);
        for (PublishedFeed feed : publishing) {
            published(roomId, feed);
        }
        Room room = rooms.get(conference);
        if (room == null) {
            return;
        }
        List<EndpointId> gone = room.publishers.entrySet().stream().filter(e -> !e.getValue().confirmed)
                .map(Map.Entry::getKey).toList();
        for (EndpointId endpoint : gone) {
            room.publishers.remove(endpoint);
            leave(conference, endpoint, "is no longer in the room");
        }
    }

    /** The room was destroyed: everyone in it left. */
    void roomGone(JsonNode roomId) {
        ConferenceId conference = conference(roomId);
        Room room = rooms.remove(conference);
        if (room == null) {
            return;
        }
        log.createChildLogger(RoomRegistry.class.getName(), LogContexts.of(LogContexts.CONF_ID, conference.value()))
                .info("room gone; " + room.publishers.size() + " publishers with it");
        for (EndpointId endpoint : room.publishers.keySet()) {
            leave(conference, endpoint, "left with the room");
        }
    }

    /**
     * The rooms Janus lists now: a room listed before and no longer is gone.
     *
     * @return the rooms known here that Janus did not list: private rooms the event handler told of, or rooms gone
     *         while the adapter was away; watching them tells which
     */
    List<JsonNode> listed(List<JsonNode> roomIds) {
        Set<ConferenceId> listed = new HashSet<>();
        roomIds.forEach(id -> listed.add(conference(id)));
        List<JsonNode> unlisted = new ArrayList<>();
        for (ConferenceId known : rooms()) {
            Room room = rooms.get(known);
            if (listed.contains(known)) {
                room.listed = true;
            } else if (room.listed) {
                roomGone(room.id);
            } else {
                unlisted.add(room.id);
            }
        }
        return unlisted;
    }

    private void leave(ConferenceId conference, EndpointId endpoint, String how) {
        feeds.remove(new FeedKey(conference, endpoint));
        context(conference, endpoint).info(how);
        listener.endpointLeft(conference, endpoint);
    }

    private void updateFeed(ConferenceId conference, EndpointId endpoint, Room room, Publisher publisher) {
        FeedKey key = new FeedKey(conference, endpoint);
        if (publisher.sources.isEmpty()) {
            feeds.remove(key);
        } else {
            feeds.put(key, new Feed(room.id, publisher.id, List.copyOf(publisher.sources.values())));
        }
    }

    static ConferenceId conference(JsonNode roomId) {
        return new ConferenceId(JanusIds.text(roomId));
    }

    private Logger context(ConferenceId conference, EndpointId endpoint) {
        return log.createChildLogger(RoomRegistry.class.getName(), LogContexts.of(
                LogContexts.CONF_ID, conference.value(), LogContexts.EP_ID, endpoint.value()));
    }
}

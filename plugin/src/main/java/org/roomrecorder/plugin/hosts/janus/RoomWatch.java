package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.spi.ConferenceId;

/**
 * Finds the rooms with the VideoRoom's {@code list} and sees into each with a {@link RoomObserver}. In observer
 * mode it lists the rooms every poll interval and keeps an observer in each, which reports every change; in
 * event-handler mode it lists them once per connection and takes one snapshot of each, to report the publishers
 * that were there before the event handler's posts began (or while the adapter was away). Runs on the adapter's
 * executor.
 */
final class RoomWatch implements RoomObserver.Watch {
    private final JanusConfig config;
    private final RoomRegistry registry;
    private final ScheduledExecutorService executor;
    private final Logger log;
    private final RemoteLog remoteLog;
    private final boolean stay;
    private final Map<ConferenceId, RoomObserver> observers = new HashMap<>();
    /** Rooms that refused the observer (a pin, most likely): not asked again while they exist. */
    private final Set<ConferenceId> refused = new HashSet<>();
    private JanusSession session;
    private JanusHandle control;
    private ScheduledFuture<?> poll;

    RoomWatch(JanusConfig config, RoomRegistry registry, ScheduledExecutorService executor, Logger log,
            RemoteLog remoteLog) {
        this.config = config;
        this.registry = registry;
        this.executor = executor;
        this.log = log.createChildLogger(RoomWatch.class.getName());
        this.remoteLog = remoteLog;
        this.stay = config.events() == JanusConfig.RoomEvents.OBSERVER;
    }

    /** A new session: attach the handle that lists rooms, then list them (periodically in observer mode). */
    void connected(JanusSession connected) {
        session = connected;
        refused.clear();
        connected.attach("room-recorder-rooms", message -> log.debug(() -> "room-list handle got '"
                        + message.janus() + "'"))
                .whenCompleteAsync((handle, failure) -> {
                    if (failure != null) {
                        log.warn("cannot attach to the VideoRoom to list its rooms: "
                                + JanusException.describe(failure));
                        connected.close("no VideoRoom handle");
                        return;
                    }
                    if (session != connected) {
                        return;
                    }
                    control = handle;
                    long interval = config.roomPollInterval().toMillis();
                    poll = stay ? executor.scheduleWithFixedDelay(this::list, 0, interval, TimeUnit.MILLISECONDS)
                            : executor.schedule(this::list, 0, TimeUnit.MILLISECONDS);
                }, executor);
    }

    /** The session is gone, and every handle with it. */
    void disconnected() {
        session = null;
        control = null;
        if (poll != null) {
            poll.cancel(false);
        }
        observers.clear();
    }

    /** Leaves every room; a list still in flight finds no handle and is ignored. */
    void close() {
        control = null;
        if (poll != null) {
            poll.cancel(false);
        }
        observers.values().forEach(RoomObserver::stop);
        observers.clear();
    }

    private void list() {
        JanusHandle handle = control;
        if (handle == null) {
            return;
        }
        handle.message(JanusRequests.list(config.adminKey())).whenCompleteAsync((reply, failure) -> {
            if (control != handle) {
                log.debug("a room list arrived for a handle no longer in use; ignored");
            } else if (failure != null) {
                log.warn("cannot list the rooms: " + JanusException.describe(failure));
            } else {
                listed(reply);
            }
        }, executor);
    }

    private void listed(JanusMessage reply) {
        String error = reply.pluginError();
        if (error != null) {
            remoteLog.warn(log, () -> "Janus refused to list the rooms: " + error);
            return;
        }
        List<JsonNode> rooms = new ArrayList<>();
        for (JsonNode entry : reply.pluginData().path("list")) {
            JsonNode room = entry.path("room");
            if (JanusIds.isValid(room)) {
                rooms.add(room);
            } else {
                remoteLog.warn(log, () -> "ignored a room Janus listed without a usable id");
            }
        }
        rooms.addAll(registry.listed(rooms));
        Set<ConferenceId> listed = new HashSet<>();
        for (JsonNode room : rooms) {
            ConferenceId conference = RoomRegistry.conference(room);
            listed.add(conference);
            if (!observers.containsKey(conference) && !refused.contains(conference)) {
                RoomObserver observer = new RoomObserver(room, stay, config.observerDisplay(), registry, executor,
                        this, log, remoteLog);
                observers.put(conference, observer);
                observer.start(session);
            }
        }
        refused.retainAll(listed);
        observers.entrySet().removeIf(e -> {
            boolean gone = !listed.contains(e.getKey());
            if (gone) {
                e.getValue().stop();
            }
            return gone;
        });
    }

    @Override
    public void ended(RoomObserver observer, boolean wasRefused) {
        ConferenceId conference = RoomRegistry.conference(observer.room());
        observers.remove(conference, observer);
        if (wasRefused) {
            refused.add(conference);
        }
    }
}

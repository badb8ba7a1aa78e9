package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.logging.LogContexts;

/**
 * One room seen through the VideoRoom API: a handle joined as a publisher that never publishes. Janus answers the
 * join with the room's current publishers (a snapshot, streams included) and then tells it of every publisher
 * that comes, changes, unpublishes or leaves. In observer mode it stays; in event-handler mode it only takes the
 * snapshot and leaves. Everything it learns goes to the registry on the adapter's executor.
 */
final class RoomObserver implements HandleListener {
    /** The VideoRoom's error code for a room that does not exist. */
    static final int NO_SUCH_ROOM = 426;

    /** What becomes of an observer, for its watch. */
    interface Watch {
        /** The observer can no longer see the room (refused, hung up, left after its snapshot). */
        void ended(RoomObserver observer, boolean refused);
    }

    private final JsonNode room;
    private final boolean stay;
    private final String display;
    private final RoomRegistry registry;
    private final Executor executor;
    private final Watch watch;
    private final Logger log;
    private final RemoteLog remoteLog;
    private volatile JanusHandle handle;
    private volatile boolean ended;

    RoomObserver(JsonNode room, boolean stay, String display, RoomRegistry registry, Executor executor, Watch watch,
            Logger parent, RemoteLog remoteLog) {
        this.room = room;
        this.stay = stay;
        this.display = display;
        this.registry = registry;
        this.executor = executor;
        this.watch = watch;
        this.remoteLog = remoteLog;
        this.log = parent.createChildLogger(RoomObserver.class.getName(),
                LogContexts.of(LogContexts.CONF_ID, JanusIds.text(room)));
    }

    JsonNode room() {
        return room;
    }

    /** Attaches and joins; runs on the adapter's executor. */
    void start(JanusSession session) {
        registry.watching(room);
        session.attach("room-recorder-observer", this)
                .thenCompose(attached -> {
                    handle = attached;
                    return attached.message(JanusRequests.joinObserver(room, display));
                })
                .whenComplete((ack, failure) -> {
                    if (failure != null && session.isClosed()) {
                        log.debug("the Janus session ended before the observer joined");
                    } else if (failure != null) {
                        remoteLog.warn(log, () -> "cannot watch the room: " + JanusException.describe(failure));
                        end(false);
                    }
                });
    }

    /** Leaves the room and drops the handle, without telling the watch. Idempotent. */
    void stop() {
        if (!ended) {
            ended = true;
            leave();
        }
    }

    private void leave() {
        JanusHandle current = handle;
        if (current != null) {
            current.message(JanusRequests.leave()).whenComplete((ack, failure) -> current.detach());
        }
    }

    @Override
    public void onMessage(JanusMessage message) {
        if (ended) {
            return; // the answers to its own leave, and what happened since the snapshot (the event handler's part)
        }
        switch (message.janus()) {
            case "event" -> event(message);
            case "hangup", "detached" -> {
                log.info(() -> "the observer's handle ended (" + message.janus() + " " + message.reason() + ")");
                end(false);
            }
            default -> log.debug(() -> "observer got '" + message.janus() + "'");
        }
    }

    private void event(JanusMessage message) {
        String error = message.pluginError();
        if (message.pluginErrorCode() == NO_SUCH_ROOM) {
            log.info("the room no longer exists");
            executor.execute(() -> registry.roomGone(room));
            end(false);
        } else if (error != null) {
            remoteLog.warn(log, () -> "Janus refused to let the recorder watch the room: " + error
                    + (error.contains("pin") ? " (a room with a pin cannot be recorded)" : "")
                    + "; not asked again while the room exists");
            end(true);
        } else {
            changed(message);
        }
    }

    private void changed(JanusMessage message) {
        JsonNode data = message.pluginData();
        switch (message.videoroom()) {
            case "joined" -> joined(data);
            case "event" -> publishersChanged(data, message.transaction() != null);
            case "destroyed" -> {
                executor.execute(() -> registry.roomGone(room));
                end(false);
            }
            default -> log.debug(() -> "ignored VideoRoom '" + message.videoroom() + "'");
        }
    }

    private void joined(JsonNode data) {
        List<PublishedFeed> publishers = publishers(data.path("publishers"));
        executor.execute(() -> registry.snapshot(room, publishers));
        log.info(() -> "watching: " + publishers.size() + " publishers" + (stay ? "" : ", snapshot taken"));
        if (!stay) {
            end(false);
        }
    }

    /** @param ownRequest the event answers a request of the observer's (it carries its transaction) */
    private void publishersChanged(JsonNode data, boolean ownRequest) {
        if (data.has("publishers")) {
            List<PublishedFeed> publishers = publishers(data.get("publishers"));
            executor.execute(() -> publishers.forEach(p -> registry.published(room, p)));
        }
        // Janus answers the observer's own leave with "leaving": "ok" and "unpublished": "ok"; a publisher whose id
        // is "ok" leaving is news about someone else, which comes without a transaction.
        JsonNode unpublished = data.path("unpublished");
        if (JanusIds.isValid(unpublished) && !(ownRequest && "ok".equals(unpublished.asText()))) {
            executor.execute(() -> registry.unpublished(room, unpublished));
        }
        for (String gone : List.of("leaving", "kicked")) {
            JsonNode id = data.path(gone);
            if (JanusIds.isValid(id) && !(ownRequest && "ok".equals(id.asText()))) {
                executor.execute(() -> registry.left(room, id));
            }
        }
    }

    private List<PublishedFeed> publishers(JsonNode list) {
        List<PublishedFeed> feeds = new ArrayList<>();
        for (JsonNode entry : list) {
            try {
                feeds.add(PublishedFeed.parse(entry));
            } catch (IllegalArgumentException e) {
                remoteLog.warn(log, () -> "ignored a publisher Janus described oddly: " + e.getMessage());
            }
        }
        return feeds;
    }

    private void end(boolean refused) {
        if (ended) {
            return;
        }
        ended = true;
        leave();
        executor.execute(() -> watch.ended(this, refused));
    }
}

package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.logging.LogContexts;
import org.roomrecorder.protocol.Text;

/**
 * Reads what Janus's HTTP event handler (sampleevh) posts: one event object, or an array of them when it groups
 * events. Of all event types only the VideoRoom's plugin events (type 64) matter here: {@code published},
 * {@code unpublished}, {@code leaving}, {@code kicked} and {@code destroyed}; the rest are skipped. Room changes
 * go to the registry on the adapter's executor, in the order Janus posted them.
 */
final class EventHandlerEvents {
    static final int TYPE_PLUGIN = 64;
    static final int TYPE_CORE = 256;

    private final RoomRegistry registry;
    private final Executor executor;
    private final Logger log;
    private final RemoteLog remoteLog;

    EventHandlerEvents(RoomRegistry registry, Executor executor, Logger log, RemoteLog remoteLog) {
        this.registry = registry;
        this.executor = executor;
        this.log = log.createChildLogger(EventHandlerEvents.class.getName());
        this.remoteLog = remoteLog;
    }

    /**
     * Takes one post's body.
     *
     * @return false if it is not JSON, and so nothing in it was used
     */
    boolean post(String body) {
        JsonNode post = JanusJson.parse(body);
        if (post == null) {
            return false;
        }
        accept(post);
        return true;
    }

    /** Takes one post's JSON; anything unusable in it is logged (within budget) and skipped. */
    void accept(JsonNode post) {
        if (post.isArray()) {
            post.forEach(this::event);
        } else {
            event(post);
        }
    }

    private void event(JsonNode event) {
        if (!event.isObject()) {
            remoteLog.warn(log, () -> "skipped an event-handler entry that is not a JSON object");
            return;
        }
        int type = event.path("type").asInt(0);
        if (type == TYPE_CORE) {
            String status = Text.printable(event.path("event").path("status").asText("?"));
            log.info(() -> "Janus reports its core is " + status);
        } else if (type == TYPE_PLUGIN
                && JanusRequests.VIDEOROOM.equals(event.path("event").path("plugin").asText(""))) {
            videoroom(event.path("event").path("data"));
        }
    }

    private void videoroom(JsonNode data) {
        String kind = data.path("event").asText("");
        JsonNode room = data.path("room");
        if (!JanusIds.isValid(room)) {
            if (!kind.isEmpty()) {
                remoteLog.warn(log, () -> "skipped VideoRoom event '" + Text.printable(kind)
                        + "' without a usable room");
            }
            return;
        }
        switch (kind) {
            case "published" -> published(room, data);
            case "unpublished" -> withPublisher(room, data, kind, id -> registry.unpublished(room, id));
            case "leaving", "kicked" -> withPublisher(room, data, kind, id -> registry.left(room, id));
            case "destroyed" -> executor.execute(() -> registry.roomGone(room));
            default -> log.trace(() -> "skipped VideoRoom event '" + Text.printable(kind) + "'");
        }
    }

    private void published(JsonNode room, JsonNode data) {
        PublishedFeed feed;
        try {
            feed = PublishedFeed.parse(data);
        } catch (IllegalArgumentException e) {
            remoteLog.warn(context(room), () -> "skipped 'published': " + e.getMessage());
            return;
        }
        executor.execute(() -> registry.published(room, feed));
    }

    private void withPublisher(JsonNode room, JsonNode data, String kind,
            Consumer<JsonNode> change) {
        JsonNode id = data.path("id");
        if (!JanusIds.isValid(id)) {
            remoteLog.warn(context(room), () -> "skipped '" + kind + "' without a usable publisher id");
            return;
        }
        executor.execute(() -> change.accept(id));
    }

    private Logger context(JsonNode room) {
        return log.createChildLogger(EventHandlerEvents.class.getName(),
                LogContexts.of(LogContexts.CONF_ID, JanusIds.text(room)));
    }
}

package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jitsi.utils.MediaType;
import org.roomrecorder.plugin.spi.EndpointId;
import org.roomrecorder.plugin.spi.MediaSource;
import org.roomrecorder.protocol.Limits;

/**
 * One publisher as the VideoRoom describes it (an entry of {@code publishers}, or the event handler's
 * {@code published}): its id exactly as Janus wrote it, its display name and its active audio and video streams,
 * each named by its mid. Everything in it was chosen by a remote publisher.
 *
 * @param id      the publisher id, a JSON number or string, to be echoed back to Janus unchanged
 * @param display the display name, or null
 */
record PublishedFeed(JsonNode id, String display, List<MediaSource> sources) {
    /** More streams than any real publisher has; the rest of a longer list is ignored. */
    static final int MAX_STREAMS = 64;

    PublishedFeed {
        sources = List.copyOf(sources);
    }

    EndpointId endpoint() {
        return new EndpointId(JanusIds.text(id));
    }

    /**
     * Reads a publisher entry.
     *
     * @throws IllegalArgumentException naming what is wrong, when the entry has no usable id
     */
    static PublishedFeed parse(JsonNode entry) {
        JsonNode id = entry.path("id");
        JanusIds.requireValid(id, "publisher id");
        JsonNode display = entry.path("display");
        List<MediaSource> sources = new ArrayList<>();
        for (JsonNode stream : entry.path("streams")) {
            if (sources.size() == MAX_STREAMS) {
                break;
            }
            MediaSource source = source(stream);
            if (source != null) {
                sources.add(source);
            }
        }
        return new PublishedFeed(id, display.isTextual() ? cut(display.asText()) : null, sources);
    }

    /** An active audio or video stream; data channels, disabled streams and nameless ones are not recorded. */
    private static MediaSource source(JsonNode stream) {
        String mid = stream.path("mid").asText("");
        if (mid.isEmpty() || mid.length() > Limits.MAX_ID_CHARS || stream.path("disabled").asBoolean(false)) {
            return null;
        }
        return switch (stream.path("type").asText("")) {
            case "audio" -> new MediaSource(mid, MediaType.AUDIO);
            case "video" -> new MediaSource(mid, MediaType.VIDEO);
            default -> null;
        };
    }

    private static String cut(String text) {
        return text.length() <= Limits.MAX_ID_CHARS ? text : text.substring(0, Limits.MAX_ID_CHARS);
    }
}

package org.roomrecorder.plugin.spi;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import org.jitsi.utils.MediaType;

/**
 * The core's "play" request for one endpoint.
 *
 * @param session the recording session the subscription belongs to; the host passes it to {@link HostSignals#bind}
 * @param media   which media to receive (audio, video or both)
 */
public record SubscribeRequest(String session, ConferenceId conference, EndpointId endpoint, Set<MediaType> media) {
    public SubscribeRequest {
        requireNonNull(session, "session is null");
        requireNonNull(conference, "conference is null");
        requireNonNull(endpoint, "endpoint is null");
        media = Set.copyOf(media);
        if (media.isEmpty()) {
            throw new IllegalArgumentException("no media to subscribe to");
        }
    }
}

package org.roomrecorder.plugin.core;

import static java.util.Objects.requireNonNull;

import org.roomrecorder.plugin.spi.ConferenceId;
import org.roomrecorder.plugin.spi.EndpointId;

/** An endpoint is unique within its conference only, so routes key on both. */
public record EndpointKey(ConferenceId conference, EndpointId endpoint) {
    public EndpointKey {
        requireNonNull(conference, "conference is null");
        requireNonNull(endpoint, "endpoint is null");
    }

    @Override
    public String toString() {
        return conference + "/" + endpoint;
    }
}

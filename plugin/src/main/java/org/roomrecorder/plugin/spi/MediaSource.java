package org.roomrecorder.plugin.spi;

import static java.util.Objects.requireNonNull;

import org.jitsi.utils.MediaType;

/**
 * One published track.
 *
 * @param name the host's id for the track (a Janus mid, an msid), unique within its endpoint
 */
public record MediaSource(String name, MediaType type) {
    public MediaSource {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}

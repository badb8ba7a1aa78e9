package org.roomrecorder.plugin.spi;

import static java.util.Objects.requireNonNull;

/**
 * What the host knows about an endpoint. Both fields are chosen by the remote peer: the core hands them to the
 * worker, which sanitizes them before they reach a file name.
 *
 * @param streamId    the host's name for the endpoint's stream (VDO.Ninja stream id); the endpoint id if none
 * @param displayName the name the peer shows, or null
 */
public record EndpointInfo(String streamId, String displayName) {
    public EndpointInfo {
        requireNonNull(streamId, "streamId is null");
    }
}

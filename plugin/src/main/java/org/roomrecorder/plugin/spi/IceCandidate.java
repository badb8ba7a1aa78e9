package org.roomrecorder.plugin.spi;

import static java.util.Objects.requireNonNull;

/** One trickled ICE candidate; at least one of {@code sdpMid} and {@code sdpMLineIndex} is set. */
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex) {
    public IceCandidate {
        requireNonNull(candidate, "candidate is null");
        if (sdpMid == null && sdpMLineIndex == null) {
            throw new IllegalArgumentException("sdpMid and sdpMLineIndex are both null");
        }
    }
}

package org.roomrecorder.plugin.spi;

import static java.util.Objects.requireNonNull;

/** A peer: Jitsi endpoint id, Janus publisher id, VDO.Ninja UUID. Unique within its conference. */
public record EndpointId(String value) {
    public EndpointId {
        requireNonNull(value, "value is null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("endpoint id is empty");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

package org.roomrecorder.plugin.spi;

import static java.util.Objects.requireNonNull;

/** A room on the host: Jitsi conference, Janus VideoRoom room, VDO.Ninja room id. */
public record ConferenceId(String value) {
    public ConferenceId {
        requireNonNull(value, "value is null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("conference id is empty");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

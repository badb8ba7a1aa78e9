package org.roomrecorder.plugin.spi;

import static java.util.Objects.requireNonNull;

/**
 * The host's own address of one subscription's signaling, for example {@code ("janus-handle", "4483201")} or
 * {@code ("vdoninja-peer", "<uuid>/<session>")}. The core keeps a table from these keys to recording sessions.
 */
public record HostKey(String kind, String value) {
    public HostKey {
        requireNonNull(kind, "kind is null");
        requireNonNull(value, "value is null");
    }

    @Override
    public String toString() {
        return kind + ":" + value;
    }
}

package org.roomrecorder.plugin.metrics;

import static java.util.Objects.requireNonNull;

/** What {@code /health} answers: healthy means the plugin can record (a host is running and a worker is reachable). */
public record Health(boolean healthy, String detail) {
    public Health {
        requireNonNull(detail, "detail is null");
    }
}

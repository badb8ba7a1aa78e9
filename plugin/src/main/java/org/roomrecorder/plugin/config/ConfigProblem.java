package org.roomrecorder.plugin.config;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a configuration: the full key, what is wrong (with the bad value), and where it was set.
 */
public record ConfigProblem(String key, String message, String origin) {
    public ConfigProblem {
        requireNonNull(key, "key is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return key + ": " + message + (origin == null ? "" : " (" + origin + ")");
    }
}

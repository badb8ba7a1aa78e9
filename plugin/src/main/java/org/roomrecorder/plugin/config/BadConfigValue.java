package org.roomrecorder.plugin.config;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.ConfigOrigin;

/** A value of the right type that the plugin still cannot use, found while a {@code *Config} record is built. */
public final class BadConfigValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final transient ConfigOrigin origin;

    public BadConfigValue(String key, String message, ConfigOrigin origin) {
        super(message);
        this.key = requireNonNull(key, "key is null");
        this.origin = origin;
    }

    public ConfigProblem problem() {
        return new ConfigProblem(key, getMessage(), origin == null ? null : origin.description());
    }
}

package org.roomrecorder.plugin.spi;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import org.jitsi.utils.logging2.Logger;

/**
 * What the core gives a host adapter.
 *
 * @param config the adapter's own configuration section ({@code room-recorder.plugin.hosts.<name>})
 * @param logger a logger that already carries {@code host=<name>}; add conference and endpoint context per call
 */
public record HostContext(Config config, Logger logger) {
    public HostContext {
        requireNonNull(config, "config is null");
        requireNonNull(logger, "logger is null");
    }
}

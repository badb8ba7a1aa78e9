package org.roomrecorder.plugin.core;

import java.time.Duration;
import org.roomrecorder.plugin.config.ConfigSection;

/**
 * {@code room-recorder.plugin.routing}.
 *
 * @param maxQueuedSignals     candidates a session holds before its offer went out and the worker opened it
 * @param closeTimeout         how long a closing session waits for the worker's {@code closed}
 * @param rememberedRoutes     finished sessions and host keys remembered to tell stale messages from unknown ones
 * @param rememberedEndpoints  endpoints whose last generation is remembered, so a re-join numbers on
 * @param resumeWindow         how long after the host lost its server an endpoint that publishes again continues its
 *                             generation after a gap; zero never continues
 */
public record RoutingConfig(int maxQueuedSignals, Duration closeTimeout, int rememberedRoutes,
        int rememberedEndpoints, Duration resumeWindow) {

    public static RoutingConfig from(ConfigSection routing) {
        return new RoutingConfig(
                routing.intBetween("max-queued-signals", 1, 1_000_000),
                routing.durationBetween("close-timeout", Duration.ofMillis(1), Duration.ofHours(1)),
                routing.intBetween("remembered-routes", 0, 100_000_000),
                routing.intBetween("remembered-endpoints", 0, 100_000_000),
                routing.durationBetween("resume-window", Duration.ZERO, Duration.ofDays(1)));
    }
}

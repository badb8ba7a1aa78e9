package org.roomrecorder.worker.session;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code room-recorder.worker.sessions} and {@code output} sections.
 *
 * @param maxSessions       sessions at once; further opens are refused with over-capacity
 * @param connectTimeout    ICE must connect this soon after the offer
 * @param mediaTimeout      no packets for this long is a media-not-flowing event
 * @param statsInterval     how often a session reports stats to the plugin
 * @param orphanGrace       how long a session whose plugin disconnected keeps recording, waiting for it
 * @param outputDirectory   where recordings go; every file stays inside it
 */
public record SessionConfig(int maxSessions, Duration connectTimeout, Duration mediaTimeout, Duration statsInterval,
        Duration orphanGrace, Path outputDirectory) {

    public static SessionConfig from(Config worker) {
        Config sessions = worker.getConfig("sessions");
        int max = sessions.getInt("max");
        if (max < 1) {
            throw new IllegalArgumentException("room-recorder.worker.sessions.max must be at least 1, got " + max);
        }
        return new SessionConfig(max, sessions.getDuration("connect-timeout"), sessions.getDuration("media-timeout"),
                sessions.getDuration("stats-interval"), sessions.getDuration("orphan-grace"),
                Path.of(worker.getString("output.directory")));
    }
}

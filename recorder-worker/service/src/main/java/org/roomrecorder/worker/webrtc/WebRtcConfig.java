package org.roomrecorder.worker.webrtc;

import com.typesafe.config.Config;
import java.util.List;

/**
 * @param minPort    lowest UDP port for ICE, 0 for any
 * @param maxPort    highest UDP port for ICE, 0 for any
 * @param tcp        also gather TCP candidates
 * @param iceServers STUN or TURN URLs; empty on a network where the media server is directly reachable
 */
public record WebRtcConfig(int minPort, int maxPort, boolean tcp, List<String> iceServers) {
    public WebRtcConfig {
        if (minPort < 0 || maxPort < minPort || maxPort > 65535 || (minPort == 0) != (maxPort == 0)) {
            throw new IllegalArgumentException("room-recorder.worker.webrtc: port range " + minPort + "-" + maxPort
                    + " is not valid; use 0-0 for any, or 1024 <= min <= max <= 65535");
        }
        iceServers = List.copyOf(iceServers);
    }

    public static WebRtcConfig from(Config c) {
        return new WebRtcConfig(c.getInt("min-port"), c.getInt("max-port"), c.getBoolean("tcp"),
                c.getStringList("ice-servers"));
    }
}

package org.roomrecorder.protocol.transport;

import java.time.Duration;
import org.roomrecorder.protocol.Limits;
import org.roomrecorder.protocol.ProtocolVersion;

/**
 * Settings of one side of the transport.
 *
 * @param maxFrameBytes     largest frame body accepted; a larger length prefix closes the connection
 * @param heartbeatInterval how often each side pings the other
 * @param heartbeatTimeout  a connection that delivers no complete frame for this long is closed
 * @param handshakeTimeout  a connection that has not finished hello/welcome in this time is closed
 * @param maxQueuedFrames   frames waiting for a peer that does not read; beyond this the connection is closed
 * @param versions          protocol versions this side speaks
 */
public record TransportConfig(
        int maxFrameBytes,
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        Duration handshakeTimeout,
        int maxQueuedFrames,
        ProtocolVersion versions) {

    public TransportConfig {
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024, got " + maxFrameBytes);
        }
        if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("heartbeatTimeout must be longer than heartbeatInterval");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive");
        }
        if (maxQueuedFrames < 16) {
            throw new IllegalArgumentException("maxQueuedFrames must be at least 16, got " + maxQueuedFrames);
        }
    }

    public static TransportConfig defaults() {
        return new TransportConfig(Limits.DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(5), 100_000, ProtocolVersion.SUPPORTED);
    }

    public TransportConfig withVersions(ProtocolVersion newVersions) {
        return new TransportConfig(maxFrameBytes, heartbeatInterval, heartbeatTimeout, handshakeTimeout,
                maxQueuedFrames, newVersions);
    }

    public TransportConfig withHeartbeat(Duration interval, Duration timeout) {
        return new TransportConfig(maxFrameBytes, interval, timeout, handshakeTimeout, maxQueuedFrames, versions);
    }
}

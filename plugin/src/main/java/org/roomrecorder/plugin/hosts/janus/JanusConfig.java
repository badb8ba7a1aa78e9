package org.roomrecorder.plugin.hosts.janus;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import org.roomrecorder.plugin.config.ConfigSection;
import org.roomrecorder.plugin.hosts.ServerConnectionKeys;

/**
 * {@code room-recorder.plugin.hosts.janus}. Types and unknown keys were checked against reference.conf before the
 * adapter is made; the checks here are the ranges and forms a type cannot express.
 *
 * @param url               Janus's WebSocket API ({@code ws://} or {@code wss://})
 * @param apiSecret         Janus's {@code api_secret}, or empty
 * @param token             a stored token when Janus runs with {@code token_auth}, or empty
 * @param adminKey          the VideoRoom {@code admin_key}, or empty; with it, {@code list} shows private rooms too
 * @param events            how room events reach the adapter
 * @param eventHandler      where the HTTP event handler's posts are received ({@link RoomEvents#EVENT_HANDLER})
 * @param roomPollInterval  how often the room list is fetched to find rooms created and destroyed (observer mode)
 * @param observerDisplay   the display name of the adapter's observer in each room
 * @param requestTimeout    how long a request to Janus may go unanswered before it counts as failed
 * @param keepaliveInterval how often the Janus session is kept alive
 * @param reconnectMinDelay first wait before reconnecting; doubles up to {@code reconnectMaxDelay}
 * @param maxMessageChars   the largest message accepted from Janus, in characters (Janus's JSON is ASCII but for
 *                          remote display names); larger ones are dropped with a log line
 */
public record JanusConfig(URI url, String apiSecret, String token, String adminKey, RoomEvents events,
        EventHandlerConfig eventHandler, Duration roomPollInterval, String observerDisplay, Duration requestTimeout,
        Duration keepaliveInterval, Duration reconnectMinDelay, Duration reconnectMaxDelay, int maxMessageChars) {

    /** How room events reach the adapter. */
    public enum RoomEvents {
        /** A non-publishing participant in every room reports its publishers: nothing to configure in Janus. */
        OBSERVER,
        /** Janus's HTTP event handler (sampleevh) posts room events to the adapter. */
        EVENT_HANDLER
    }

    /**
     * @param address        where the listener binds; loopback unless Janus runs on another machine
     * @param port           its TCP port
     * @param path           the URL path Janus posts to
     * @param maxBodyBytes   the largest post accepted
     * @param maxConnections the most connections served at once; one more is refused
     * @param requestTimeout how long one request may take from its first byte to the end of the answer, and how
     *                       long a new connection may take to start its first
     * @param idleTimeout    how long a connection may wait for its next request
     */
    public record EventHandlerConfig(InetAddress address, int port, String path, int maxBodyBytes,
            int maxConnections, Duration requestTimeout, Duration idleTimeout) {
    }

    static final String PATH = "room-recorder.plugin.hosts.janus";

    /** Without the credentials, so that the record can be logged. */
    @Override
    public String toString() {
        return "JanusConfig[url=" + url + ", events=" + events + ", api-secret "
                + (apiSecret.isEmpty() ? "unset" : "set") + ", token " + (token.isEmpty() ? "unset" : "set") + ", admin-key "
                + (adminKey.isEmpty() ? "unset" : "set") + "]";
    }

    /** Reads the adapter's section; errors name the full key and where it was set. */
    public static JanusConfig from(Config janus) {
        ConfigSection section = new ConfigSection(janus.atPath(PATH), PATH);
        Duration keepalive = section.durationBetween("keepalive-interval", Duration.ofSeconds(1),
                Duration.ofMinutes(10));
        Duration minDelay = ServerConnectionKeys.reconnectMinDelay(section);
        Duration maxDelay = ServerConnectionKeys.reconnectMaxDelay(section, minDelay);
        return new JanusConfig(ServerConnectionKeys.url(section), section.string("api-secret"),
                section.string("token"), section.string("admin-key"), section.enumValue("events", RoomEvents.class),
                eventHandler(section.section("event-handler")),
                section.durationBetween("room-poll-interval", Duration.ofMillis(100), Duration.ofDays(1)),
                section.string("observer-display"),
                section.durationBetween("request-timeout", Duration.ofMillis(1), Duration.ofMinutes(10)),
                keepalive, minDelay, maxDelay,
                ServerConnectionKeys.maxMessageChars(section));
    }

    private static EventHandlerConfig eventHandler(ConfigSection section) {
        String address = section.string("address");
        String path = section.string("path");
        if (!path.startsWith("/")) {
            throw section.bad("path", "must start with '/', got '" + path + "'");
        }
        try {
            return new EventHandlerConfig(InetAddress.getByName(address), section.intBetween("port", 0, 65_535), path,
                    section.intBetween("max-body-bytes", 65_536, 64 * 1024 * 1024),
                    section.intBetween("max-connections", 1, 1024),
                    section.durationBetween("request-timeout", Duration.ofMillis(100), Duration.ofMinutes(10)),
                    section.durationBetween("idle-timeout", Duration.ofMillis(100), Duration.ofHours(1)));
        } catch (UnknownHostException e) {
            throw section.bad("address", "is not an IP address or a resolvable name: '" + address + "'");
        }
    }
}

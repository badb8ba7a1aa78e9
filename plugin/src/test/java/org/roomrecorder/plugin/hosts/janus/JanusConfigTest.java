package org.roomrecorder.plugin.hosts.janus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.roomrecorder.plugin.config.BadConfigValue;

@DisplayName("The Janus adapter's configuration")
class JanusConfigTest {
    private static JanusConfig load(String hocon) {
        return JanusConfig.from(ConfigFactory.parseString(hocon)
                .withFallback(ConfigFactory.defaultReference().getConfig(JanusConfig.PATH)));
    }

    @Test
    @DisplayName("builds from reference.conf alone with its documented defaults")
    void defaults() {
        JanusConfig config = load("");
        assertEquals(URI.create("ws://127.0.0.1:8188"), config.url());
        assertEquals(JanusConfig.RoomEvents.OBSERVER, config.events());
        assertEquals("", config.apiSecret());
        assertEquals(7088, config.eventHandler().port());
        assertEquals("/janus-events", config.eventHandler().path());
        assertEquals(16, config.eventHandler().maxConnections());
        assertEquals(Duration.ofSeconds(10), config.eventHandler().requestTimeout());
        assertEquals(Duration.ofSeconds(30), config.eventHandler().idleTimeout());
        assertEquals(Duration.ofSeconds(15), config.keepaliveInterval());
        assertEquals(Duration.ofMillis(500), config.reconnectMinDelay());
    }

    @Test
    @DisplayName("reads the event-handler mode and the credentials")
    void eventHandler() {
        JanusConfig config = load("events = event-handler, api-secret = s3cret, token = t0ken, admin-key = k3y");
        assertEquals(JanusConfig.RoomEvents.EVENT_HANDLER, config.events());
        assertEquals("s3cret", config.apiSecret());
        assertEquals("t0ken", config.token());
        assertEquals("k3y", config.adminKey());
    }

    @Test
    @DisplayName("refuses a value it cannot use, naming the full key")
    void refusals() {
        assertEquals("room-recorder.plugin.hosts.janus.url: must be a ws:// or wss:// URL with a host, got "
                + "'http://janus:8088/janus' (String: 1)", problem("url = \"http://janus:8088/janus\""));
        assertEquals("room-recorder.plugin.hosts.janus.events: must be one of observer, event-handler, got 'push'"
                + " (String: 1)", problem("events = push"));
        assertEquals("room-recorder.plugin.hosts.janus.reconnect-max-delay: must not be shorter than "
                + "reconnect-min-delay (String: 1)", problem("reconnect-min-delay = 5 s, reconnect-max-delay = 1 s"));
        assertEquals("room-recorder.plugin.hosts.janus.event-handler.path: must start with '/', got 'events'"
                + " (String: 1)", problem("event-handler.path = events"));
        assertEquals("room-recorder.plugin.hosts.janus.event-handler.max-connections: must be between 1 and 1024,"
                + " got 0 (String: 1)", problem("event-handler.max-connections = 0"));
    }

    private static String problem(String hocon) {
        return assertThrows(BadConfigValue.class, () -> load(hocon)).problem().toString();
    }
}

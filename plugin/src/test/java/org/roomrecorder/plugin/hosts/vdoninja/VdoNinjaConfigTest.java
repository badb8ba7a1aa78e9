package org.roomrecorder.plugin.hosts.vdoninja;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.roomrecorder.plugin.config.BadConfigValue;

@DisplayName("The VDO.Ninja adapter's configuration")
class VdoNinjaConfigTest {
    private static VdoNinjaConfig load(String hocon) {
        return VdoNinjaConfig.from(ConfigFactory.parseString(hocon)
                .withFallback(ConfigFactory.defaultReference().getConfig(VdoNinjaConfig.PATH)));
    }

    @Test
    @DisplayName("builds from reference.conf and a room with its documented defaults")
    void defaults() {
        VdoNinjaConfig config = load("room = studio");
        assertEquals(URI.create("ws://127.0.0.1:8443"), config.url());
        assertEquals(VdoNinjaConfig.Mode.RELAY, config.mode());
        assertEquals("studio", config.room());
        assertEquals("someEncryptionKey123", config.password());
        assertEquals("vdo.ninja", config.salt());
        assertTrue(config.encrypted());
        assertEquals(Set.of(), config.streams());
        assertEquals(Duration.ofMillis(500), config.reconnectMinDelay());
        assertEquals(Duration.ofSeconds(15), config.reconnectMaxDelay());
        assertEquals(1_048_576, config.maxMessageChars());
        assertEquals(200, config.maxPeers());
        assertFalse(config.toString().contains("someEncryptionKey123"), config.toString());
    }

    @Test
    @DisplayName("auto mode is official for VDO.Ninja's own servers only; password \"\" turns encryption off")
    void modeAndPassword() {
        assertEquals(VdoNinjaConfig.Mode.OFFICIAL, load("room = r, url = \"wss://wss.vdo.ninja:443\"").mode());
        assertEquals(VdoNinjaConfig.Mode.OFFICIAL, load("room = r, url = \"wss://apibackup.vdo.ninja\"").mode());
        assertEquals(VdoNinjaConfig.Mode.RELAY, load("room = r, url = \"wss://vdo.example.org\"").mode());
        assertEquals(VdoNinjaConfig.Mode.OFFICIAL, load("room = r, mode = official").mode());
        assertFalse(load("room = r, password = \"\"").encrypted());
        assertEquals(Set.of("cam1", "cam2"), load("room = r, streams = [cam1, cam2]").streams());
    }

    @Test
    @DisplayName("the packaged example (packaging/plugin/vdoninja.conf) builds, not just type-checks")
    void packagedExample() {
        VdoNinjaConfig config = VdoNinjaConfig.from(ConfigFactory.parseFile(new File(
                        "../packaging/plugin/vdoninja.conf")).getConfig(VdoNinjaConfig.PATH)
                .withFallback(ConfigFactory.defaultReference().getConfig(VdoNinjaConfig.PATH)));
        assertEquals("studio-a", config.room());
        assertEquals(VdoNinjaConfig.Mode.RELAY, config.mode());
        assertEquals(Set.of("host-cam", "guest-cam"), config.streams());
    }

    @Test
    @DisplayName("refuses a value it cannot use, naming the full key")
    void refusals() {
        assertTrue(problem("").startsWith("room-recorder.plugin.hosts.vdoninja.room: is required: the room to record"
                + " (&room=... in VDO.Ninja links)"), problem(""));
        assertEquals("room-recorder.plugin.hosts.vdoninja.room: must be 1 to 128 characters of letters, digits, '.',"
                + " '_' or '-', starting with a letter or digit, got 'my room' (String: 1)",
                problem("room = \"my room\""));
        assertEquals("room-recorder.plugin.hosts.vdoninja.url: must be a ws:// or wss:// URL with a host, got "
                + "'https://vdo.ninja' (String: 1)", problem("room = r, url = \"https://vdo.ninja\""));
        assertEquals("room-recorder.plugin.hosts.vdoninja.mode: must be one of auto, official, relay, got 'p2p'"
                + " (String: 1)", problem("room = r, mode = p2p"));
        assertEquals("room-recorder.plugin.hosts.vdoninja.streams: holds '../cam', which is no stream id (letters,"
                + " digits, '.', '_' or '-', 1 to 128 characters) (String: 1)",
                problem("room = r, streams = [\"../cam\"]"));
        assertEquals("room-recorder.plugin.hosts.vdoninja.reconnect-max-delay: must not be shorter than "
                + "reconnect-min-delay (String: 1)", problem("room = r, reconnect-min-delay = 5 s, "
                + "reconnect-max-delay = 1 s"));
        assertEquals("room-recorder.plugin.hosts.vdoninja.max-peers: must be between 1 and 10000, got 0 (String: 1)",
                problem("room = r, max-peers = 0"));
    }

    private static String problem(String hocon) {
        return assertThrows(BadConfigValue.class, () -> load(hocon)).problem().toString();
    }
}

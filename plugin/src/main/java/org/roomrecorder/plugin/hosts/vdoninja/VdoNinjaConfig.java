package org.roomrecorder.plugin.hosts.vdoninja;

import com.typesafe.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.roomrecorder.plugin.config.ConfigSection;
import org.roomrecorder.plugin.hosts.ServerConnectionKeys;

/**
 * {@code room-recorder.plugin.hosts.vdoninja}. Types and unknown keys were checked against reference.conf before the
 * adapter is made; the checks here are the ranges and forms a type cannot express.
 *
 * @param url               the signaling server's WebSocket ({@code ws://} or {@code wss://})
 * @param mode              how the server identifies peers, resolved ({@link Mode#AUTO} never appears here)
 * @param room              the room to record, as people name it (the conference id)
 * @param password          the room password; empty when the room is not encrypted
 * @param salt              mixed into the key and the hashes; VDO.Ninja's is its host name
 * @param streams           stream ids to record, without the password suffix; empty records every stream
 * @param connectTimeout    how long opening the WebSocket may take
 * @param reconnectMinDelay first wait before reconnecting; doubles up to {@code reconnectMaxDelay}
 * @param maxMessageChars   the largest message accepted from the server, in characters
 * @param maxPeers          the most publishers tracked in the room; further ones are ignored with a log line
 */
public record VdoNinjaConfig(URI url, Mode mode, String room, String password, String salt, Set<String> streams,
        Duration connectTimeout, Duration reconnectMinDelay, Duration reconnectMaxDelay, int maxMessageChars,
        int maxPeers) {

    /** Who names a message's sender (seed-system notes §1.2). */
    public enum Mode {
        /** Official when the URL's host is one of VDO.Ninja's own servers, relay otherwise, as the original does. */
        AUTO,
        /** The server gives each socket a UUID and rewrites {@code UUID} to the sender's; no {@code from} is sent. */
        OFFICIAL,
        /** The server relays messages as they are; every client names itself in {@code from}. */
        RELAY
    }

    static final String PATH = "room-recorder.plugin.hosts.vdoninja";
    private static final Set<String> OFFICIAL_HOSTS = Set.of("wss.vdo.ninja", "apibackup.vdo.ninja");

    /** Without the password, so that the record can be logged. */
    @Override
    public String toString() {
        return "VdoNinjaConfig[url=" + url + ", mode=" + mode + ", room=" + room + ", password "
                + (password.isEmpty() ? "unset" : "set") + ", streams=" + streams + "]";
    }

    boolean encrypted() {
        return !password.isEmpty();
    }

    /** Reads the adapter's section; errors name the full key and where it was set. */
    public static VdoNinjaConfig from(Config vdoninja) {
        ConfigSection section = new ConfigSection(vdoninja.atPath(PATH), PATH);
        URI url = ServerConnectionKeys.url(section);
        Mode mode = section.enumValue("mode", Mode.class);
        if (mode == Mode.AUTO) {
            mode = OFFICIAL_HOSTS.contains(url.getHost()) ? Mode.OFFICIAL : Mode.RELAY;
        }
        String room = section.string("room");
        if (room.isEmpty()) {
            throw section.bad("room", "is required: the room to record (&room=... in VDO.Ninja links)");
        }
        if (!NinjaIds.valid(room)) {
            throw section.bad("room", "must be 1 to 128 characters of letters, digits, '.', '_' or '-', starting with"
                    + " a letter or digit, got '" + room + "'");
        }
        List<String> streams = section.strings("streams");
        for (String stream : streams) {
            if (!NinjaIds.valid(stream)) {
                throw section.bad("streams", "holds '" + stream + "', which is no stream id (letters, digits, '.',"
                        + " '_' or '-', 1 to 128 characters)");
            }
        }
        Duration minDelay = ServerConnectionKeys.reconnectMinDelay(section);
        Duration maxDelay = ServerConnectionKeys.reconnectMaxDelay(section, minDelay);
        return new VdoNinjaConfig(url, mode, room, section.string("password"), section.string("salt"),
                Set.copyOf(streams),
                section.durationBetween("connect-timeout", Duration.ofMillis(1), Duration.ofMinutes(10)),
                minDelay, maxDelay, ServerConnectionKeys.maxMessageChars(section),
                section.intBetween("max-peers", 1, 10_000));
    }
}

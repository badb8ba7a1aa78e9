package org.roomrecorder.it.janus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a complete Janus configuration for the tests: every module Janus ships is disabled except the WebSocket
 * transport, the VideoRoom plugin and, when asked for, the HTTP event handler, so nothing else starts (or needs a
 * configuration file). Janus reads each module's file from the same directory.
 */
final class JanusConfig {
    private JanusConfig() {
    }

    static void write(Path dir, JanusServer.Settings settings, int apiPort, String rtpPorts) throws IOException {
        Path modules = JanusServer.modules();
        boolean events = settings.eventsBackend() != null;
        Files.writeString(dir.resolve("janus.jcfg"), String.join("\n",
                "general: {",
                "  configs_folder = " + quote(dir),
                "  plugins_folder = " + quote(modules.resolve("plugins")),
                "  transports_folder = " + quote(modules.resolve("transports")),
                "  events_folder = " + quote(modules.resolve("events")),
                "  loggers_folder = " + quote(modules.resolve("loggers")),
                "  debug_level = 4",
                "  server_name = \"room-recorder-test\"",
                "}",
                "media: {",
                "  rtp_port_range = \"" + rtpPorts + "\"",
                "}",
                // Janus skips loopback interfaces when it gathers candidates; the veth at 127.0.0.2 is the one.
                "nat: {",
                "  ice_enforce_list = \"vp0\"",
                "}",
                "plugins: {",
                "  disable = " + allBut(modules.resolve("plugins"), "libjanus_videoroom.so"),
                "}",
                "transports: {",
                "  disable = " + allBut(modules.resolve("transports"), "libjanus_websockets.so"),
                "}",
                "loggers: {",
                "  disable = " + allBut(modules.resolve("loggers"), ""),
                "}",
                "events: {",
                "  broadcast = " + events,
                "  disable = " + allBut(modules.resolve("events"), events ? "libjanus_sampleevh.so" : ""),
                "}",
                ""));
        Files.writeString(dir.resolve("janus.transport.websockets.jcfg"), String.join("\n",
                "general: {",
                "  json = \"compact\"",
                "  ws = true",
                "  ws_port = " + apiPort,
                "  ws_ip = \"127.0.0.1\"",
                "  wss = false",
                "}",
                "admin: {",
                "  admin_ws = false",
                "  admin_wss = false",
                "}",
                ""));
        StringBuilder videoroom = new StringBuilder("general: {\n  string_ids = true\n}\n");
        for (String room : settings.rooms()) {
            videoroom.append("room-").append(room).append(": {\n")
                    .append("  description = ").append(quote(room)).append('\n')
                    .append("  publishers = ").append(settings.publishers()).append('\n')
                    .append("  bitrate = ").append(settings.bitrate()).append('\n')
                    .append("  audiocodec = \"opus\"\n  videocodec = \"vp8\"\n")
                    .append("  notify_joining = true\n");
            if (settings.recordings() != null) {
                videoroom.append("  record = true\n  rec_dir = ").append(quote(settings.recordings())).append('\n');
            }
            videoroom.append("}\n");
        }
        Files.writeString(dir.resolve("janus.plugin.videoroom.jcfg"), videoroom.toString());
        if (events) {
            Files.writeString(dir.resolve("janus.eventhandler.sampleevh.jcfg"), String.join("\n",
                    "general: {",
                    "  enabled = true",
                    // Room events are VideoRoom plugin events; the rest would only make the posts bigger.
                    "  events = \"plugins,core\"",
                    "  grouping = true",
                    "  json = \"compact\"",
                    "  backend = " + quote(settings.eventsBackend()),
                    "}",
                    ""));
        }
    }

    /** The comma-separated names of the modules in {@code dir} other than {@code kept}. */
    private static String allBut(Path dir, String kept) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return "\"" + files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".so") && !n.equals(kept))
                    .sorted().collect(Collectors.joining(",")) + "\"";
        }
    }

    /** A libconfig string: the values are paths and ids of our own, so quotes and backslashes are all to escape. */
    private static String quote(Object value) {
        return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

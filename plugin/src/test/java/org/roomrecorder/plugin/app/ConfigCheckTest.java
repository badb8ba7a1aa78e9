package org.roomrecorder.plugin.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.plugin.config.ConfigInvalidException;
import org.roomrecorder.plugin.config.ConfigProblem;
import org.roomrecorder.protocol.RecordingOptions;

@DisplayName("Configuration checks")
class ConfigCheckTest {
    private static final String VALID = "room-recorder.plugin { host = fake, workers = [\"/run/rr/w1.sock\"] }\n";

    private static PluginConfig load(String hocon) throws ConfigInvalidException {
        return PluginConfig.load(RoomRecorderPlugin.loader(), ConfigFactory.parseString(hocon), Set.of("fake"));
    }

    private static List<ConfigProblem> problems(String hocon) {
        return assertThrows(ConfigInvalidException.class, () -> load(hocon)).problems();
    }

    /** Exactly one problem, on this key, whose message contains every fragment. */
    private static void rejects(String hocon, String key, String... fragments) {
        List<ConfigProblem> problems = problems(hocon);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(key, problems.get(0).key(), problems.toString());
        for (String fragment : fragments) {
            assertTrue(problems.get(0).message().contains(fragment), problems.get(0) + " lacks '" + fragment + "'");
        }
    }

    @Test
    @DisplayName("accept a minimal configuration and fill in the reference defaults")
    void acceptsTheMinimum() throws Exception {
        PluginConfig config = load(VALID);
        assertEquals("fake", config.host());
        assertEquals("worker-1", config.workers().workers().get(0).name());
        assertEquals(Path.of("/run/rr/w1.sock"), config.workers().workers().get(0).socket());
        assertEquals(Duration.ofMillis(200), config.workers().reconnectMinDelay());
        assertEquals(256, config.routing().maxQueuedSignals());
        assertEquals(Duration.ofMinutes(5), config.routing().resumeWindow());
        assertEquals(RecordingOptions.Container.MKV, config.record().options().container());
        assertEquals(9464, config.metrics().port());
    }

    @Nested
    @DisplayName("reject a wrong type")
    class WrongTypes {
        @Test
        @DisplayName("a word where a duration belongs")
        void duration() {
            rejects(VALID + "room-recorder.plugin.worker-connection.heartbeat-interval = soon",
                    "room-recorder.plugin.worker-connection.heartbeat-interval", "duration", "soon");
        }

        @Test
        @DisplayName("a word where a number belongs")
        void number() {
            rejects(VALID + "room-recorder.plugin.metrics.port = abc", "room-recorder.plugin.metrics.port",
                    "whole number", "abc");
        }

        @Test
        @DisplayName("a fraction where a whole number belongs")
        void fraction() {
            rejects(VALID + "room-recorder.plugin.routing.max-queued-signals = 2.5",
                    "room-recorder.plugin.routing.max-queued-signals", "whole number", "2.5");
        }

        @Test
        @DisplayName("a number where a list belongs")
        void list() {
            rejects(VALID + "room-recorder.plugin.record.conferences = 5", "room-recorder.plugin.record.conferences",
                    "list");
        }

        @Test
        @DisplayName("a number where a section belongs")
        void object() {
            rejects(VALID + "room-recorder.plugin.routing = 5", "room-recorder.plugin.routing", "object");
        }

        @Test
        @DisplayName("a value outside its range, or not among its choices")
        void ranges() {
            rejects(VALID + "room-recorder.plugin.routing.max-queued-signals = 0",
                    "room-recorder.plugin.routing.max-queued-signals", "between 1 and");
            rejects(VALID + "room-recorder.plugin.routing.resume-window = 2 d",
                    "room-recorder.plugin.routing.resume-window", "between");
            rejects(VALID + "room-recorder.plugin.record.media = smell", "room-recorder.plugin.record.media",
                    "both, audio, video", "smell");
            rejects(VALID + "room-recorder.plugin.record.options.frame-rate = 500",
                    "room-recorder.plugin.record.options.frame-rate", "between 1 and 60");
        }
    }

    @Nested
    @DisplayName("reject an unknown key")
    class UnknownKeys {
        @Test
        @DisplayName("naming it and the nearest key")
        void typo() {
            rejects(VALID + "room-recorder.plugin.routing.max-queued-signal = 10",
                    "room-recorder.plugin.routing.max-queued-signal",
                    "did you mean room-recorder.plugin.routing.max-queued-signals?");
        }

        @Test
        @DisplayName("naming a misspelled section once, not every key in it")
        void section() {
            rejects(VALID + "room-recorder.plugin.routng { max-queued-signals = 10, close-timeout = 1 s }",
                    "room-recorder.plugin.routng", "did you mean room-recorder.plugin.routing?");
        }

        @Test
        @DisplayName("in a worker entry")
        void workerEntry() {
            rejects("room-recorder.plugin { host = fake, workers = [{ sockt = \"/w.sock\" }] }",
                    "room-recorder.plugin.workers[0].sockt", "'socket'");
        }

        @Test
        @DisplayName("a section for a host adapter that is not installed")
        void hostSection() {
            rejects(VALID + "room-recorder.plugin.hosts.fak { url = \"ws://x\" }", "room-recorder.plugin.hosts.fak",
                    "not installed", "did you mean hosts.fake?");
        }

        @Test
        @DisplayName("in the section of an adapter that documents its keys (hosts.janus)")
        void janusSection() {
            List<ConfigProblem> problems = assertThrows(ConfigInvalidException.class, () -> PluginConfig.load(
                    RoomRecorderPlugin.loader(), ConfigFactory.parseString("room-recorder.plugin { host = janus, "
                            + "workers = [\"/w.sock\"], hosts.janus { urll = \"ws://x\", event-handler.prot = 1 } }"),
                    Set.of("janus"))).problems();
            assertEquals(List.of(
                    "room-recorder.plugin.hosts.janus.urll: is not a setting of the plugin; did you mean "
                            + "room-recorder.plugin.hosts.janus.url? (String: 1)",
                    "room-recorder.plugin.hosts.janus.event-handler.prot: is not a setting of the plugin; did you "
                            + "mean room-recorder.plugin.hosts.janus.event-handler.port? (String: 1)"),
                    problems.stream().map(ConfigProblem::toString).toList());
        }

        @Test
        @DisplayName("but pass an installed adapter's own section through")
        void adapterSection() throws Exception {
            PluginConfig config = load(VALID + "room-recorder.plugin.hosts.fake { url = \"ws://x\" }");
            assertEquals("ws://x", config.hostConfig().getString("url"));
        }
    }

    @Nested
    @DisplayName("reject a missing required key")
    class MissingKeys {
        @Test
        @DisplayName("an empty worker list")
        void noWorkers() {
            rejects("room-recorder.plugin.host = fake", "room-recorder.plugin.workers", "no worker socket");
        }

        @Test
        @DisplayName("no host adapter")
        void noHost() {
            rejects("room-recorder.plugin.workers = [\"/w.sock\"]", "room-recorder.plugin.host", "is required",
                    "installed: fake");
        }

        @Test
        @DisplayName("a host adapter that is not installed")
        void unknownHost() {
            rejects("room-recorder.plugin { host = janus, workers = [\"/w.sock\"] }", "room-recorder.plugin.host",
                    "'janus'", "not installed");
        }

        @Test
        @DisplayName("a worker entry without a socket")
        void workerWithoutSocket() {
            rejects("room-recorder.plugin { host = fake, workers = [{ name = w1 }] }",
                    "room-recorder.plugin.workers[0].socket", "is missing");
        }
    }

    @Test
    @DisplayName("report every problem at once")
    void allProblems() {
        List<ConfigProblem> problems = problems("room-recorder.plugin { hots = x, metrics.port = abc }");
        assertEquals(Set.of("room-recorder.plugin.hots", "room-recorder.plugin.metrics.port"),
                Set.copyOf(problems.stream().map(ConfigProblem::key).toList()), problems.toString());
    }

    @Nested
    @DisplayName("from the command line")
    class CommandLine {
        @TempDir
        Path dir;

        private int run(String... args) {
            return Main.run(args, new PrintStream(out), new PrintStream(err));
        }

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        @Test
        @DisplayName("--check-config exits 0 for a valid file")
        void valid() throws Exception {
            Path file = Files.writeString(dir.resolve("ok.conf"), VALID);
            assertEquals(Main.OK, run("--check-config", file.toString()), err.toString(StandardCharsets.UTF_8));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("is valid"));
        }

        @Test
        @DisplayName("--check-config exits non-zero and names the key and the bad value on stderr")
        void invalid() throws Exception {
            Path file = Files.writeString(dir.resolve("bad.conf"),
                    VALID + "room-recorder.plugin.worker-connection.reconnect-max-delay = forever\n");
            assertEquals(Main.INVALID_CONFIG, run("--check-config", file.toString()));
            String stderr = err.toString(StandardCharsets.UTF_8);
            assertTrue(stderr.contains("room-recorder.plugin.worker-connection.reconnect-max-delay"), stderr);
            assertTrue(stderr.contains("forever"), stderr);
            assertTrue(stderr.contains("bad.conf: 2"), "names the file and line: " + stderr);
        }

        @Test
        @DisplayName("exits non-zero for a missing file and for wrong arguments")
        void usage() {
            assertEquals(Main.INVALID_CONFIG, run("--check-config", dir.resolve("none.conf").toString()));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such file"));
            assertEquals(Main.USAGE, run("--frobnicate"));
        }
    }
}

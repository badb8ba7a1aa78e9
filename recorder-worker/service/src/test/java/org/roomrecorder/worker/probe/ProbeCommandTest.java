package org.roomrecorder.worker.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./recorder probe} on files FFmpeg makes here: two seconds of VP8 with Opus that starts 200 ms late. */
class ProbeCommandTest {
    @TempDir
    static Path dir;
    private static Path recording;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void makeRecording() throws Exception {
        recording = dir.resolve("room/alice-g0-s0.mkv");
        Files.createDirectories(recording.getParent());
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc2=s=320x180:r=30:d=2", "-itsoffset", "0.2", "-f", "lavfi", "-i", "sine=f=440:d=1.8",
                "-c:v", "libvpx", "-deadline", "realtime", "-c:a", "libopus", "-f", "matroska", recording.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, ffmpeg.waitFor(), new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void summarizesEveryRecordingOfADirectory() throws Exception {
        assertEquals(0, run(dir.toString()), err::toString);
        String table = out.toString(StandardCharsets.UTF_8);
        String row = table.lines().filter(l -> l.startsWith("room/alice-g0-s0.mkv")).findFirst().orElseThrow(
                () -> new AssertionError(table));
        assertTrue(row.contains("vp8 320x180") && row.contains("opus"), row);
        assertTrue(row.contains(" 60 ") || row.contains(" 61 "), "frame count in " + row);
        Matcher offset = Pattern.compile("([+-]\\d+) ms").matcher(row);
        assertTrue(offset.find(), row);
        assertEquals(200, Integer.parseInt(offset.group(1)), 30, "audio starts about 200 ms after video: " + row);
    }

    @Test
    void jsonHasStreamsDurationAndOffset() throws Exception {
        assertEquals(0, run(recording.toString(), "--json"), err::toString);
        JsonNode file = new ObjectMapper().readTree(out.toByteArray()).get(0);
        assertTrue(file.path("valid").asBoolean());
        assertEquals(2.0, file.path("durationSeconds").asDouble(), 0.1);
        assertEquals(200, file.path("avOffsetMillis").asDouble(), 30);
        List<String> codecs = new ArrayList<>();
        file.path("streams").forEach(s -> codecs.add(s.path("codec").asText()));
        assertEquals(List.of("vp8", "opus"), codecs);
    }

    @Test
    void aDamagedFileIsReportedAndFailsTheRun(@TempDir Path elsewhere) throws Exception {
        Path damaged = elsewhere.resolve("bob-g0-s0.mkv");
        Files.write(damaged, "not a matroska file".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, run(damaged.getParent().toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("INVALID"), out::toString);
    }

    @Test
    void aMissingPathOrNoPathIsAUsageError() throws Exception {
        assertEquals(2, run(dir.resolve("nowhere").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("does not exist"), err::toString);
        assertEquals(2, run());
    }

    private int run(String... args) throws Exception {
        return ProbeCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}

package org.roomrecorder.worker.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code ./recorder probe FILE|DIR [--json]}: a summary of recordings (streams, codecs, duration, frame count,
 * audio/video start offset) for users, tests and benchmarks. Exits 1 if any file is not a valid recording.
 */
public final class ProbeCommand {
    private ProbeCommand() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Returns the exit status: 0 all valid, 1 some file is not a valid recording, 2 bad usage. */
    static int run(List<String> args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        boolean json = args.contains("--json");
        List<String> paths = args.stream().filter(a -> !a.equals("--json")).toList();
        if (paths.size() != 1) {
            err.println("usage: recorder probe FILE|DIR [--json]");
            return 2;
        }
        Path target = Path.of(paths.get(0));
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (Stream<Path> walk = Files.walk(target)) {
                walk.filter(p -> p.toString().endsWith(".mkv") || p.toString().endsWith(".webm")).sorted()
                        .forEach(files::add);
            }
        } else if (Files.isRegularFile(target)) {
            files.add(target);
        } else {
            err.println("recorder probe: " + target + " does not exist");
            return 2;
        }
        RecordingProbe probe = new RecordingProbe("ffprobe");
        List<RecordingProbe.Result> results = new ArrayList<>();
        for (Path file : files) {
            results.add(probe.probe(file));
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(results.stream().map(ProbeCommand::asMap).toList()));
        } else {
            out.printf("%-60s %8s %-14s %-12s %8s %10s%n", "file", "duration", "video", "audio", "frames",
                    "a/v offset");
            for (RecordingProbe.Result r : results) {
                RecordingProbe.Stream v = r.stream("video");
                RecordingProbe.Stream a = r.stream("audio");
                Path shown = Files.isDirectory(target) ? target.relativize(r.file()) : r.file();
                out.printf(Locale.ROOT, "%-60s %7.2fs %-14s %-12s %8s %10s%s%n", shown, r.duration(),
                        v == null ? "-" : v.codec() + " " + v.width() + "x" + v.height(), a == null ? "-" : a.codec(),
                        v == null ? "-" : String.valueOf(v.packets()),
                        r.avOffsetMillis() == null ? "-" : String.format(Locale.ROOT, "%+.0f ms", r.avOffsetMillis()),
                        r.valid() ? "" : "  INVALID: " + r.error());
            }
        }
        return results.stream().allMatch(RecordingProbe.Result::valid) ? 0 : 1;
    }

    private static java.util.Map<String, Object> asMap(RecordingProbe.Result r) {
        java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("file", r.file().toString());
        map.put("valid", r.valid());
        map.put("container", r.container());
        map.put("durationSeconds", r.duration());
        map.put("avOffsetMillis", r.avOffsetMillis());
        map.put("streams", r.streams());
        map.put("error", r.error());
        return map;
    }
}

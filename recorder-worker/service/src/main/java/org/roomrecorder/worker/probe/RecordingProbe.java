package org.roomrecorder.worker.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What a recording holds, read with ffprobe from its packets (not its header, which a killed worker never got
 * to finish): streams, codecs, size, packet counts, first and last timestamps, and the audio/video start offset.
 */
public final class RecordingProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One stream of a file. Times in seconds of the file's timeline. */
    public record Stream(int index, String type, String codec, int width, int height, long packets, double start,
            double end) {
        public double duration() {
            return end - start;
        }
    }

    /**
     * @param headerDuration the duration the container's header states: set when the file was finished cleanly,
     *                       null when its writer was cut off
     * @param avOffsetMillis first audio minus first video timestamp; null unless the file has both
     * @param error          why ffprobe could not read the file, or null
     */
    public record Result(Path file, String container, Double headerDuration, List<Stream> streams,
            Double avOffsetMillis, String error) {
        public Result {
            streams = List.copyOf(streams);
        }

        public double duration() {
            return streams.stream().mapToDouble(Stream::end).max().orElse(0)
                    - streams.stream().mapToDouble(Stream::start).min().orElse(0);
        }

        public Stream stream(String type) {
            return streams.stream().filter(s -> s.type().equals(type)).findFirst().orElse(null);
        }

        public boolean valid() {
            return error == null && !streams.isEmpty() && streams.stream().allMatch(s -> s.packets() > 0);
        }
    }

    private final String ffprobe;

    public RecordingProbe(String ffprobe) {
        this.ffprobe = ffprobe;
    }

    public Result probe(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ffprobe, "-v", "error", "-of", "json",
                "-show_entries", "format=format_name,duration:stream=index,codec_type,codec_name,width,height"
                        + ":packet=stream_index,pts_time,duration_time",
                "-show_packets", file.toString()).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            return new Result(file, null, null, List.of(), null, err.isEmpty() ? "ffprobe failed" : firstLine(err));
        }
        JsonNode root = JSON.readTree(out);
        Map<Integer, double[]> spans = new TreeMap<>();
        Map<Integer, Long> counts = new TreeMap<>();
        for (JsonNode packet : root.path("packets")) {
            if (!packet.hasNonNull("pts_time")) {
                continue;
            }
            int stream = packet.path("stream_index").asInt();
            double pts = packet.path("pts_time").asDouble();
            double end = pts + packet.path("duration_time").asDouble(0);
            spans.merge(stream, new double[] {pts, end}, (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            counts.merge(stream, 1L, Long::sum);
        }
        List<Stream> streams = new ArrayList<>();
        for (JsonNode s : root.path("streams")) {
            int index = s.path("index").asInt();
            double[] span = spans.getOrDefault(index, new double[] {0, 0});
            streams.add(new Stream(index, s.path("codec_type").asText(), s.path("codec_name").asText(),
                    s.path("width").asInt(0), s.path("height").asInt(0), counts.getOrDefault(index, 0L), span[0], span[1]));
        }
        JsonNode format = root.path("format");
        Double headerDuration = format.hasNonNull("duration") ? format.path("duration").asDouble() : null;
        Result partial = new Result(file, format.path("format_name").asText(null), headerDuration, streams, null,
                err.isEmpty() ? null : firstLine(err));
        Stream audio = partial.stream("audio");
        Stream video = partial.stream("video");
        Double offset = audio != null && video != null ? (audio.start() - video.start()) * 1000 : null;
        return new Result(file, partial.container(), headerDuration, streams, offset, partial.error());
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}

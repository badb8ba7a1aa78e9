package org.roomrecorder.it.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.roomrecorder.it.soak.Churn.Stint;
import org.roomrecorder.worker.media.MediaSignatures;
import org.roomrecorder.worker.probe.RecordingProbe;

/**
 * Judges a soak's recordings against its stints: one recording (endpoint, generation) per stay in the room and no
 * other, starting within {@link #MAX_START_DELAY} of the join, every segment ended with a reason in the manifest,
 * and every file valid (ffprobe: VP8 video and Opus audio) holding its own publisher's tone and colour.
 */
final class RecordingCheck {
    /**
     * Longest time from a publisher's join to the start of its recording. Under a load of 20 on the two shared cores
     * it took up to 6 s; much longer means the publisher went unrecorded for a while (waiting for a worker).
     */
    static final Duration MAX_START_DELAY = Duration.ofSeconds(15);

    private final Path manifestFile;
    private final RecordingProbe probe = new RecordingProbe("ffprobe");
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Integer> endReasons = new TreeMap<>();
    private final List<Double> coverage = new ArrayList<>();
    private final List<Double> startDelays = new ArrayList<>();
    private final List<Long> silenceMillis = new ArrayList<>();
    private int segments;
    private int valid;
    private int signed;

    RecordingCheck(Path manifestFile) {
        this.manifestFile = manifestFile;
    }

    /** Whether the manifest lists a recording for every stint, each of whose segments has ended. */
    static boolean finished(Path manifestFile, List<Stint> stints) {
        try {
            if (!Files.exists(manifestFile)) {
                return false;
            }
            Map<String, JsonNode> recordings = recordings(new ObjectMapper().readTree(manifestFile.toFile()));
            return stints.stream().map(RecordingCheck::key).allMatch(k -> recordings.containsKey(k)
                    && recordings.get(k).path("segments").size() > 0
                    && allEnded(recordings.get(k)));
        } catch (IOException e) {
            return false; // rewritten atomically, so only before the first write
        }
    }

    void check(List<Stint> stints) throws IOException, InterruptedException {
        Map<String, JsonNode> recordings = recordings(new ObjectMapper().readTree(manifestFile.toFile()));
        Set<String> expected = new HashSet<>();
        for (Stint stint : stints) {
            String key = key(stint);
            expected.add(key);
            JsonNode recording = recordings.get(key);
            if (recording == null || recording.path("segments").isEmpty()) {
                problems.add(key + ": no recording of the stay from " + stint.joined() + " to " + stint.left());
                continue;
            }
            double recorded = 0;
            for (JsonNode segment : recording.path("segments")) {
                recorded += checkSegment(key, stint, segment);
            }
            double stay = stint.length().toMillis() / 1000.0;
            coverage.add(recorded / stay);
            double delay = Duration.between(stint.joined(),
                    Instant.parse(recording.path("segments").get(0).path("startedAt").asText())).toMillis() / 1000.0;
            startDelays.add(delay);
            if (delay > MAX_START_DELAY.toSeconds()) {
                problems.add(String.format(Locale.ROOT, "%s: recorded from %.1f s after the publisher joined, "
                        + "%.1f s of its %.1f s in the room", key, delay, recorded, stay));
            }
        }
        for (String key : recordings.keySet()) {
            if (!expected.contains(key)) {
                problems.add(key + ": a recording of no stay in the room");
            }
        }
    }

    /** Returns the file's duration if it is valid, else 0. */
    private double checkSegment(String key, Stint stint, JsonNode segment) throws IOException, InterruptedException {
        segments++;
        String name = segment.path("file").asText();
        String reason = segment.path("endReason").asText(null);
        endReasons.merge(reason == null ? "(none)" : reason, 1, Integer::sum);
        if (reason == null) {
            problems.add(key + " " + name + ": the manifest gives no end reason");
        }
        Path file = manifestFile.resolveSibling(name);
        RecordingProbe.Result result = probe.probe(file);
        RecordingProbe.Stream video = result.stream("video");
        RecordingProbe.Stream audio = result.stream("audio");
        if (!result.valid() || video == null || audio == null || !video.codec().equals("vp8")
                || !audio.codec().equals("opus")) {
            problems.add(key + " " + name + ": not a valid VP8 and Opus file: " + result);
            return 0;
        }
        valid++;
        double duration = result.duration();
        silenceMillis.add(segment.path("audio").path("silenceMillis").asLong());
        Signature signature = Signature.of(stint.publisher());
        double tone = MediaSignatures.dominantFrequency(file, loudestSecond(file, duration), 1.0);
        int[] yuv = MediaSignatures.meanYuv(file, duration / 2);
        if (!signature.toneMatches(tone) || !signature.colourMatches(yuv)) {
            problems.add(String.format(Locale.ROOT, "%s %s: holds tone %.0f Hz and colour %d/%d/%d, not its "
                    + "publisher's %.0f Hz and %d/%d/%d", key, name, tone, yuv[0], yuv[1], yuv[2], signature.tone(),
                    signature.yuv()[0], signature.yuv()[1], signature.yuv()[2]));
            return duration;
        }
        signed++;
        return duration;
    }

    /**
     * Where the file's loudest second starts: the tone is read there, because under load the worker fills audio gaps
     * with silence (seconds of it, counted in the manifest), and a silent window has no tone to tell whose it is.
     */
    private static double loudestSecond(Path file, double duration) throws IOException {
        short[] samples = MediaSignatures.audio(file, 0, duration);
        int second = 48_000;
        int loudest = 0;
        double loudestEnergy = -1;
        for (int start = 0; start + second <= samples.length; start += second) {
            double energy = 0;
            for (int i = start; i < start + second; i++) {
                energy += samples[i] * (double) samples[i];
            }
            if (energy > loudestEnergy) {
                loudestEnergy = energy;
                loudest = start;
            }
        }
        return loudest / (double) second;
    }

    List<String> problems() {
        return problems;
    }

    int segments() {
        return segments;
    }

    int valid() {
        return valid;
    }

    /** Files holding their own publisher's tone and colour. */
    int signed() {
        return signed;
    }

    Map<String, Integer> endReasons() {
        return endReasons;
    }

    /** For each stay, the duration of its valid files over its publisher's time in the room (sorted). */
    List<Double> coverage() {
        return coverage.stream().sorted().toList();
    }

    /** For each valid file, the silence the worker put in for missing audio, in ms (the manifest's count). */
    List<Long> silenceMillis() {
        return silenceMillis;
    }

    /** For each stay, seconds from the publisher's join to its recording's time 0 (sorted). */
    List<Double> startDelays() {
        return startDelays.stream().sorted().toList();
    }

    private static String key(Stint stint) {
        return Churn.endpoint(stint.publisher()) + "-g" + stint.generation();
    }

    private static Map<String, JsonNode> recordings(JsonNode manifest) {
        Map<String, JsonNode> byKey = new HashMap<>();
        for (JsonNode recording : manifest.path("recordings")) {
            byKey.put(recording.path("endpointId").asText() + "-g" + recording.path("generation").asInt(), recording);
        }
        return byKey;
    }

    private static boolean allEnded(JsonNode recording) {
        for (JsonNode segment : recording.path("segments")) {
            if (!segment.hasNonNull("endReason")) {
                return false;
            }
        }
        return true;
    }
}

package org.roomrecorder.it.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * other, every segment ended with a reason in the manifest, and every file valid (ffprobe: VP8 video and Opus audio)
 * holding its own publisher's tone and colour.
 */
final class RecordingCheck {
    private final Path manifestFile;
    private final RecordingProbe probe = new RecordingProbe("ffprobe");
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Integer> endReasons = new TreeMap<>();
    private final List<Double> coverage = new ArrayList<>();
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
            for (JsonNode segment : recording.path("segments")) {
                checkSegment(key, stint, segment);
            }
        }
        for (String key : recordings.keySet()) {
            if (!expected.contains(key)) {
                problems.add(key + ": a recording of no stay in the room");
            }
        }
    }

    private void checkSegment(String key, Stint stint, JsonNode segment) throws IOException, InterruptedException {
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
            return;
        }
        valid++;
        double duration = result.duration();
        coverage.add(duration / (stint.length().toMillis() / 1000.0));
        Signature signature = Signature.of(stint.publisher());
        double middle = duration / 2;
        double tone = MediaSignatures.dominantFrequency(file, Math.max(0, middle - 1), Math.min(2.0, duration));
        int[] yuv = MediaSignatures.meanYuv(file, middle);
        if (!signature.toneMatches(tone) || !signature.colourMatches(yuv)) {
            problems.add(String.format(Locale.ROOT, "%s %s: holds tone %.0f Hz and colour %d/%d/%d, not its "
                    + "publisher's %.0f Hz and %d/%d/%d", key, name, tone, yuv[0], yuv[1], yuv[2], signature.tone(),
                    signature.yuv()[0], signature.yuv()[1], signature.yuv()[2]));
            return;
        }
        signed++;
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

    /** Each valid file's duration over its publisher's time in the room (sorted). */
    List<Double> coverage() {
        return coverage.stream().sorted().toList();
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

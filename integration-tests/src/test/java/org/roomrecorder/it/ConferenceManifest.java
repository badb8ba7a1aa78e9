package org.roomrecorder.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A conference's {@code manifest.json} as the worker keeps it: the evidence the end-to-end tests wait on (a segment
 * exists, its first frame came, it ended) and judge by. Parsed again only when the file changed, so waits may poll it.
 */
public final class ConferenceManifest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private List<Object> parsedVersion;
    private JsonNode parsed = JSON.createObjectNode();

    public ConferenceManifest(Path conferenceDirectory) {
        this.file = conferenceDirectory.resolve("manifest.json");
    }

    /** One file of one generation of one endpoint, with the manifest's fields and the file's path. */
    public record Segment(String endpoint, int generation, JsonNode json, Path file) {
        int index() {
            return json.path("index").asInt();
        }

        public Optional<Instant> at(String field) {
            return json.hasNonNull(field) ? Optional.of(Instant.parse(json.path(field).asText())) : Optional.empty();
        }

        /** The file's time 0 plus the first media of either kind: audio often precedes the first decoded frame. */
        Optional<Instant> firstMedia() {
            Optional<Instant> video = at("firstVideoFrameAt");
            Optional<Instant> audio = at("firstAudioFrameAt");
            if (video.isEmpty() || audio.isEmpty()) {
                return video.or(() -> audio);
            }
            return Optional.of(video.get().isBefore(audio.get()) ? video.get() : audio.get());
        }

        boolean ended() {
            return json.hasNonNull("endedAt");
        }
    }

    synchronized JsonNode json() {
        try {
            if (Files.exists(file)) {
                // The worker replaces the file on each change (a new inode); the modification time alone has a
                // coarse clock, and two writes within one tick would look the same.
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                List<Object> version = List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size());
                if (!version.equals(parsedVersion)) {
                    parsed = JSON.readTree(file.toFile());
                    parsedVersion = version;
                }
            }
        } catch (IOException e) {
            // replaced while being read: the next poll reads the new one
        }
        return parsed;
    }

    /** The endpoint's recordings as the manifest lists them (one per generation). */
    List<JsonNode> recordings(String endpoint) {
        List<JsonNode> recordings = new ArrayList<>();
        json().path("recordings").forEach(r -> {
            if (r.path("endpointId").asText().equals(endpoint)) {
                recordings.add(r);
            }
        });
        recordings.sort(Comparator.comparingInt(r -> r.path("generation").asInt()));
        return recordings;
    }

    /** Every segment of the endpoint, by generation, then index. */
    public List<Segment> segments(String endpoint) {
        List<Segment> segments = new ArrayList<>();
        for (JsonNode recording : recordings(endpoint)) {
            List<Segment> ofGeneration = new ArrayList<>();
            recording.path("segments").forEach(s -> ofGeneration.add(new Segment(endpoint,
                    recording.path("generation").asInt(), s, file.resolveSibling(s.path("file").asText()))));
            ofGeneration.sort(Comparator.comparingInt(Segment::index));
            segments.addAll(ofGeneration);
        }
        return segments;
    }

    /** The endpoint's newest segment, if any. */
    Optional<Segment> last(String endpoint) {
        List<Segment> segments = segments(endpoint);
        return segments.isEmpty() ? Optional.empty() : Optional.of(segments.get(segments.size() - 1));
    }
}

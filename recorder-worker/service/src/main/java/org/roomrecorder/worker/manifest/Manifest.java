package org.roomrecorder.worker.manifest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What one conference's recording holds: {@code manifest.json} beside its files. Field names are part of the
 * product's contract with its users (README "Manifest"); add fields, never rename them.
 *
 * @param startedAt  when the first recording of the conference started (ISO-8601 UTC)
 * @param recordings one per endpoint and generation (a re-join is a new generation)
 */
public record Manifest(String conference, Instant startedAt, Instant updatedAt, List<Recording> recordings) {

    public Manifest {
        recordings = List.copyOf(recordings);
    }

    public static Manifest empty(String conference, Instant now) {
        return new Manifest(conference, now, now, List.of());
    }

    /**
     * @param gaps spans of the recording with no media on disk and why: the worker died, the host restarted
     */
    public record Recording(String endpointId, String streamId, String displayName, int generation,
            List<Segment> segments, List<Gap> gaps) {
        public Recording {
            segments = List.copyOf(segments);
            gaps = List.copyOf(gaps);
        }

        boolean is(String endpoint, int gen) {
            return endpointId.equals(endpoint) && generation == gen;
        }
    }

    /**
     * One file.
     *
     * @param file              path relative to the manifest
     * @param startedAt         the instant the file's timeline starts (its time 0)
     * @param firstVideoFrameAt when the first decoded video frame arrived; before it the file shows black
     * @param endReason         why the file ended: {@code closed}, {@code segment-rotated}, {@code max-duration},
     *                          {@code worker-shutdown}, {@code disk-full}, {@code failed: …}; null while recording
     * @param endDetail         what went wrong, in words, when the file ended in a failure; else null
     */
    public record Segment(String file, String session, int index, Instant startedAt, Instant firstVideoFrameAt,
            Instant firstAudioFrameAt, Instant endedAt, String endReason, String endDetail, Codecs codecs, Video video,
            Audio audio) {
    }

    public record Codecs(String videoIn, String audioIn, String videoOut, String audioOut) {
    }

    /** @param inputResolutions every size the publisher sent, with when it started; the file keeps its own size */
    public record Video(int width, int height, int frameRate, List<Resolution> inputResolutions, long framesIn,
            long framesOut, long framesDropped, long framesDuplicated) {
        public Video {
            inputResolutions = List.copyOf(inputResolutions);
        }
    }

    public record Resolution(int width, int height, Instant at) {
    }

    /** @param silenceMillis audio missing from the publisher and filled with silence to keep sync */
    public record Audio(int sampleRate, int channels, long samples, long silenceMillis) {
    }

    public record Gap(Instant from, Instant to, String reason) {
    }

    /** Puts {@code segment} into the recording of (endpoint, generation), replacing the one with its file name. */
    public Manifest withSegment(Recording identity, Segment segment, Instant now) {
        return withRecording(identity, recording -> {
            List<Segment> segments = new ArrayList<>(recording.segments());
            segments.removeIf(s -> s.file().equals(segment.file()));
            segments.add(segment);
            segments.sort((a, b) -> a.startedAt().compareTo(b.startedAt()));
            return new Recording(recording.endpointId(), recording.streamId(), recording.displayName(),
                    recording.generation(), segments, recording.gaps());
        }, now);
    }

    public Manifest withGap(Recording identity, Gap gap, Instant now) {
        return withRecording(identity, recording -> {
            List<Gap> gaps = new ArrayList<>(recording.gaps());
            gaps.add(gap);
            return new Recording(recording.endpointId(), recording.streamId(), recording.displayName(),
                    recording.generation(), recording.segments(), gaps);
        }, now);
    }

    private Manifest withRecording(Recording identity, UnaryOperator<Recording> change, Instant now) {
        List<Recording> updated = new ArrayList<>(recordings);
        int at = -1;
        for (int i = 0; i < updated.size(); i++) {
            if (updated.get(i).is(identity.endpointId(), identity.generation())) {
                at = i;
            }
        }
        if (at < 0) {
            updated.add(change.apply(identity));
        } else {
            updated.set(at, change.apply(updated.get(at)));
        }
        return new Manifest(conference, startedAt, now, updated);
    }
}

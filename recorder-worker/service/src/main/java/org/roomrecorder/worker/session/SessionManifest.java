package org.roomrecorder.worker.session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.RecordedFile;
import org.roomrecorder.worker.manifest.Manifest;
import org.roomrecorder.worker.manifest.ManifestStore;
import org.roomrecorder.worker.media.Geometry;
import org.roomrecorder.worker.media.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's part of its conference's manifest: its segments as they start and end, first frames, input
 * resolutions and gaps, written through on every change. Only the session's executor calls it.
 */
final class SessionManifest {
    private static final Logger log = LoggerFactory.getLogger(SessionManifest.class);

    private final ManifestStore store;
    private final SessionFiles files;
    private final Open open;
    private final Manifest.Recording identity;
    private final String logPrefix;
    private final TreeMap<Integer, Manifest.Segment> segments = new TreeMap<>();
    private final List<Manifest.Resolution> resolutions = new ArrayList<>();
    private String videoIn;
    private String audioIn;
    private Instant firstVideo;
    private Instant firstAudio;
    private boolean gapWritten;

    SessionManifest(ManifestStore store, SessionFiles files, Open open, String logPrefix) {
        this.store = store;
        this.files = files;
        this.open = open;
        this.logPrefix = logPrefix;
        this.identity = new Manifest.Recording(open.endpoint(), open.streamId(), open.displayName(), open.generation(),
                List.of(), List.of());
    }

    void codecsIn(String video, String audio) {
        if (video != null) {
            videoIn = video;
        }
        if (audio != null) {
            audioIn = audio;
        }
    }

    void firstVideo(Instant at) {
        firstVideo = at;
        segments.replaceAll((index, s) -> s.firstVideoFrameAt() == null ? with(s, at, s.firstAudioFrameAt()) : s);
        write();
    }

    void firstAudio(Instant at) {
        firstAudio = at;
        segments.replaceAll((index, s) -> s.firstAudioFrameAt() == null ? with(s, s.firstVideoFrameAt(), at) : s);
        write();
    }

    void inputResolution(int width, int height, Instant at) {
        resolutions.add(new Manifest.Resolution(width, height, at));
    }

    void segmentStarted(int index, Path file, Instant startedAt, Geometry geometry) {
        segments.put(index, new Manifest.Segment(relativeToManifest(file), open.session(), index, startedAt,
                firstVideo, firstAudio, null, null, null, codecs(), video(geometry, null), null));
        if (open.gap() != null && !gapWritten) {
            gapWritten = true;
            Manifest.Gap gap = new Manifest.Gap(open.gap().since(), startedAt, open.gap().reason());
            update(m -> m.withGap(identity, gap, Instant.now()));
        }
        write();
    }

    void segmentFinished(int index, Instant endedAt, String reason, String detail, Recorder.SegmentStats stats) {
        Manifest.Segment s = segments.get(index);
        if (s == null) {
            return;
        }
        Manifest.Audio audio = open.options().audio()
                ? new Manifest.Audio(48_000, 1, stats.audioSamples(), stats.silenceMillis()) : null;
        segments.put(index, new Manifest.Segment(s.file(), s.session(), index, s.startedAt(), s.firstVideoFrameAt(),
                s.firstAudioFrameAt(), endedAt, reason, detail, codecs(), video(stats.geometry(), stats), audio));
        write();
    }

    /** The files this session wrote, for the {@code closed} message. */
    List<RecordedFile> recordedFiles() {
        List<RecordedFile> out = new ArrayList<>();
        for (Manifest.Segment s : segments.values()) {
            Path file = files.conferenceDirectory().resolve(s.file());
            long bytes = file.toFile().length();
            out.add(new RecordedFile(files.relative(file), bytes, s.startedAt(),
                    s.endedAt() == null ? Instant.now() : s.endedAt()));
        }
        return out;
    }

    /** The last segment index, so a session that continues this one can number on. */
    int lastSegment() {
        return segments.isEmpty() ? open.firstSegment() - 1 : segments.lastKey();
    }

    private Manifest.Codecs codecs() {
        boolean h264 = open.options().videoCodec() == org.roomrecorder.protocol.RecordingOptions.VideoCodec.H264;
        return new Manifest.Codecs(videoIn, audioIn, open.options().video() ? (h264 ? "h264" : "vp8") : null,
                open.options().audio() ? "opus" : null);
    }

    private Manifest.Video video(Geometry geometry, Recorder.SegmentStats stats) {
        if (!open.options().video()) {
            return null;
        }
        return new Manifest.Video(geometry.width(), geometry.height(), open.options().frameRate(), resolutions,
                stats == null ? 0 : stats.framesIn(), stats == null ? 0 : stats.framesOut(),
                stats == null ? 0 : stats.framesDropped(), stats == null ? 0 : stats.framesDuplicated());
    }

    private static Manifest.Segment with(Manifest.Segment s, Instant video, Instant audio) {
        return new Manifest.Segment(s.file(), s.session(), s.index(), s.startedAt(), video, audio, s.endedAt(),
                s.endReason(), s.endDetail(), s.codecs(), s.video(), s.audio());
    }

    private String relativeToManifest(Path file) {
        return files.conferenceDirectory().relativize(file).toString();
    }

    private void write() {
        List<Manifest.Segment> current = List.copyOf(segments.values());
        update(m -> {
            Manifest next = m;
            for (Manifest.Segment s : current) {
                next = next.withSegment(identity, s, Instant.now());
            }
            return next;
        });
    }

    private void update(java.util.function.UnaryOperator<Manifest> change) {
        try {
            store.update(files.conferenceDirectory(), open.conference(), change);
        } catch (IOException e) {
            log.error("{}could not write the manifest in {}: {}", logPrefix, files.conferenceDirectory(), e.toString());
        }
    }
}

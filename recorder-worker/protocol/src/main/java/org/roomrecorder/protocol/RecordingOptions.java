package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How the worker records one session; the plugin takes these from its record rules.
 *
 * @param fileNameTemplate path template relative to the conference directory, for example {@code {endpoint}-g{generation}-s{segment}};
 *                         the worker sanitizes every substituted part and keeps the result inside its output directory
 */
public record RecordingOptions(
        Boolean audio,
        Boolean video,
        Container container,
        VideoCodec videoCodec,
        Integer videoBitrateKbps,
        Integer frameRate,
        Integer maxWidth,
        Integer maxHeight,
        Integer segmentSeconds,
        Integer maxDurationSeconds,
        String fileNameTemplate) {

    public enum Container {
        MKV, WEBM;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum VideoCodec {
        VP8, H264;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RecordingOptions {
        Check.present(audio, "options.audio");
        Check.present(video, "options.video");
        if (!audio && !video) {
            throw new ProtocolException(ErrorCode.INVALID_VALUE, "options.audio and options.video are both false");
        }
        Check.present(container, "options.container");
        Check.present(videoCodec, "options.videoCodec");
        if (container == Container.WEBM && videoCodec == VideoCodec.H264) {
            throw new ProtocolException(ErrorCode.INVALID_VALUE, "options.videoCodec h264 cannot go into a webm container");
        }
        Check.range(videoBitrateKbps, "options.videoBitrateKbps", 50, 50_000);
        Check.range(frameRate, "options.frameRate", 1, 60);
        Check.range(maxWidth, "options.maxWidth", 16, 7680);
        Check.range(maxHeight, "options.maxHeight", 16, 4320);
        Check.range(segmentSeconds, "options.segmentSeconds", 0, 86_400);
        Check.range(maxDurationSeconds, "options.maxDurationSeconds", 0, 7 * 86_400);
        Check.length(Check.present(fileNameTemplate, "options.fileNameTemplate"), "options.fileNameTemplate",
                Limits.MAX_ID_CHARS);
    }

    /** Audio and VP8 video at 30 fps up to 1280x720, in Matroska, one file per session, no time limit. */
    public static RecordingOptions defaults() {
        return new RecordingOptions(true, true, Container.MKV, VideoCodec.VP8, 1000, 30, 1280, 720, 0, 0,
                "{endpoint}-g{generation}-s{segment}");
    }
}

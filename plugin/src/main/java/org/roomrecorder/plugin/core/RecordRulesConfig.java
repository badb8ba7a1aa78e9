package org.roomrecorder.plugin.core;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.jitsi.utils.MediaType;
import org.roomrecorder.plugin.config.ConfigSection;
import org.roomrecorder.protocol.ProtocolException;
import org.roomrecorder.protocol.RecordingOptions;

/**
 * {@code room-recorder.plugin.record}: what to record and how.
 *
 * @param media   the media types recorded when an endpoint publishes them
 * @param options how the worker records; its audio and video flags are set per session from what is recorded
 */
public record RecordRulesConfig(GlobFilter conferences, GlobFilter endpoints, Set<MediaType> media,
        RecordingOptions options) {

    /** Which media the {@code media} key selects. */
    enum Media {
        BOTH, AUDIO, VIDEO
    }

    /** Wire names of option fields, as the protocol's checks name them, to their configuration keys. */
    private static final Map<String, String> OPTION_KEYS = Map.of(
            "options.videoCodec", "video-codec",
            "options.videoBitrateKbps", "video-bitrate-kbps",
            "options.frameRate", "frame-rate",
            "options.maxWidth", "max-width",
            "options.maxHeight", "max-height",
            "options.segmentSeconds", "segment-duration",
            "options.maxDurationSeconds", "max-duration",
            "options.fileNameTemplate", "file-name-template");

    public RecordRulesConfig {
        media = Set.copyOf(media);
    }

    public static RecordRulesConfig from(ConfigSection record) {
        Set<MediaType> media = switch (record.enumValue("media", Media.class)) {
            case AUDIO -> Set.of(MediaType.AUDIO);
            case VIDEO -> Set.of(MediaType.VIDEO);
            case BOTH -> Set.of(MediaType.AUDIO, MediaType.VIDEO);
        };
        return new RecordRulesConfig(
                GlobFilter.of(record.strings("conferences"), record.strings("exclude-conferences")),
                GlobFilter.of(record.strings("endpoints"), record.strings("exclude-endpoints")),
                media, options(record.section("options")));
    }

    private static RecordingOptions options(ConfigSection options) {
        try {
            return new RecordingOptions(true, true,
                    options.enumValue("container", RecordingOptions.Container.class),
                    options.enumValue("video-codec", RecordingOptions.VideoCodec.class),
                    options.integer("video-bitrate-kbps"),
                    options.integer("frame-rate"),
                    options.integer("max-width"),
                    options.integer("max-height"),
                    seconds(options, "segment-duration"),
                    seconds(options, "max-duration"),
                    options.string("file-name-template"));
        } catch (ProtocolException e) {
            // The worker's limits live in the protocol; name the key whose value broke one.
            String key = OPTION_KEYS.entrySet().stream().filter(entry -> e.getMessage().startsWith(entry.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse("container");
            throw options.bad(key, e.getMessage());
        }
    }

    private static int seconds(ConfigSection section, String key) {
        Duration value = section.durationBetween(key, Duration.ZERO, Duration.ofDays(7));
        return Math.toIntExact(value.toSeconds());
    }
}

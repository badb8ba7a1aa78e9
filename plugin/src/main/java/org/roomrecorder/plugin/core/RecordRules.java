package org.roomrecorder.plugin.core;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import org.jitsi.utils.MediaType;
import org.roomrecorder.plugin.spi.ConferenceId;
import org.roomrecorder.plugin.spi.EndpointId;
import org.roomrecorder.plugin.spi.MediaSource;
import org.roomrecorder.protocol.RecordingOptions;

/** Decides which endpoints are recorded, which of their media, and with which options. */
public final class RecordRules {
    private final RecordRulesConfig config;

    public RecordRules(RecordRulesConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    public boolean records(ConferenceId conference, EndpointId endpoint) {
        return config.conferences().accepts(conference.value()) && config.endpoints().accepts(endpoint.value());
    }

    /** The media to record of what the endpoint publishes: empty when nothing it publishes is wanted. */
    public Set<MediaType> mediaToRecord(Collection<MediaSource> sources) {
        Set<MediaType> media = EnumSet.noneOf(MediaType.class);
        for (MediaSource source : sources) {
            if (config.media().contains(source.type())) {
                media.add(source.type());
            }
        }
        return media;
    }

    /** The configured options with audio and video set to what this session records. */
    public RecordingOptions options(Set<MediaType> media) {
        RecordingOptions o = config.options();
        return new RecordingOptions(media.contains(MediaType.AUDIO), media.contains(MediaType.VIDEO), o.container(),
                o.videoCodec(), o.videoBitrateKbps(), o.frameRate(), o.maxWidth(), o.maxHeight(), o.segmentSeconds(),
                o.maxDurationSeconds(), o.fileNameTemplate());
    }

    public int segmentSeconds() {
        return config.options().segmentSeconds();
    }
}

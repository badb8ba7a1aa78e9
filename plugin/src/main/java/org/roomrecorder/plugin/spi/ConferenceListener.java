package org.roomrecorder.plugin.spi;

import java.util.List;

/**
 * Room events, host to core. The host may report an event more than once (Janus sends {@code unpublished}
 * twice); the core deduplicates. Calls may come from any thread and return quickly.
 */
public interface ConferenceListener {
    void endpointJoined(ConferenceId conference, EndpointId endpoint, EndpointInfo info);

    void sourcesAdded(ConferenceId conference, EndpointId endpoint, List<MediaSource> sources);

    void sourcesRemoved(ConferenceId conference, EndpointId endpoint, List<MediaSource> sources);

    void endpointLeft(ConferenceId conference, EndpointId endpoint);
}

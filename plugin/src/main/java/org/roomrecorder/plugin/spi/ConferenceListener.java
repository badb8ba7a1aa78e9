package org.roomrecorder.plugin.spi;

import java.util.List;

/**
 * Room events, host to core. The host may report an event more than once (Janus sends {@code unpublished}
 * twice); the core deduplicates: an event that changes nothing is ignored, so {@code endpointJoined} for an endpoint
 * already present is a duplicate. A peer that joins again (a new VDO.Ninja session token, a Janus re-publish) is
 * therefore reported as {@code endpointLeft} (or {@code sourcesRemoved}) first; the core then records it as a new
 * generation. Calls may come from any thread and return quickly.
 */
public interface ConferenceListener {
    void endpointJoined(ConferenceId conference, EndpointId endpoint, EndpointInfo info);

    void sourcesAdded(ConferenceId conference, EndpointId endpoint, List<MediaSource> sources);

    void sourcesRemoved(ConferenceId conference, EndpointId endpoint, List<MediaSource> sources);

    void endpointLeft(ConferenceId conference, EndpointId endpoint);
}

package org.roomrecorder.plugin.hosts.janus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.roomrecorder.plugin.spi.ConferenceId;
import org.roomrecorder.plugin.spi.ConferenceListener;
import org.roomrecorder.plugin.spi.EndpointId;
import org.roomrecorder.plugin.spi.EndpointInfo;
import org.roomrecorder.plugin.spi.MediaSource;

/** The core's side of room events, written down as lines such as {@code added 1234/alice [0:AUDIO, 1:VIDEO]}. */
final class RecordingListener implements ConferenceListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void endpointJoined(ConferenceId conference, EndpointId endpoint, EndpointInfo info) {
        events.add("joined " + conference + "/" + endpoint + " " + info.displayName());
    }

    @Override
    public void sourcesAdded(ConferenceId conference, EndpointId endpoint, List<MediaSource> sources) {
        events.add("added " + conference + "/" + endpoint + " " + describe(sources));
    }

    @Override
    public void sourcesRemoved(ConferenceId conference, EndpointId endpoint, List<MediaSource> sources) {
        events.add("removed " + conference + "/" + endpoint + " " + describe(sources));
    }

    @Override
    public void endpointLeft(ConferenceId conference, EndpointId endpoint) {
        events.add("left " + conference + "/" + endpoint);
    }

    /** The events so far, forgotten. */
    List<String> take() {
        List<String> taken = List.copyOf(events);
        events.clear();
        return taken;
    }

    private static String describe(List<MediaSource> sources) {
        return sources.stream().map(s -> s.name() + ":" + s.type().name()).collect(Collectors.joining(", ", "[", "]"));
    }
}

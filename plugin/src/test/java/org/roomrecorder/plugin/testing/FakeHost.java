package org.roomrecorder.plugin.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jitsi.utils.MediaType;
import org.roomrecorder.plugin.spi.ConferenceHost;
import org.roomrecorder.plugin.spi.ConferenceId;
import org.roomrecorder.plugin.spi.ConferenceListener;
import org.roomrecorder.plugin.spi.EndpointId;
import org.roomrecorder.plugin.spi.EndpointInfo;
import org.roomrecorder.plugin.spi.HostKey;
import org.roomrecorder.plugin.spi.HostSignals;
import org.roomrecorder.plugin.spi.MediaSource;
import org.roomrecorder.plugin.spi.SubscribeRequest;
import org.roomrecorder.plugin.spi.Subscription;
import org.roomrecorder.protocol.transport.Waits;

/**
 * A media server in memory, implementing the host SPI: tests drive room events through it and play the server's
 * side of each subscription. By default a subscription binds its key at once, as a real adapter does before it
 * asks its server for the stream; {@link #onSubscribe} replaces that.
 */
public final class FakeHost implements ConferenceHost {
    public static final List<MediaSource> AUDIO_VIDEO = List.of(new MediaSource("a0", MediaType.AUDIO),
            new MediaSource("v0", MediaType.VIDEO));

    public final List<FakeSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicInteger handles = new AtomicInteger();
    private volatile ConferenceListener listener;
    private volatile HostSignals signals;
    private volatile Consumer<FakeSubscription> onSubscribe = FakeSubscription::bind;
    private volatile boolean closed;

    @Override
    public void start(ConferenceListener conferenceListener, HostSignals hostSignals) {
        this.listener = conferenceListener;
        this.signals = hostSignals;
    }

    @Override
    public Subscription subscribe(SubscribeRequest request) {
        FakeSubscription subscription = new FakeSubscription(this, request,
                new HostKey("fake-handle", Integer.toString(handles.incrementAndGet())));
        subscriptions.add(subscription);
        onSubscribe.accept(subscription);
        return subscription;
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    public void onSubscribe(Consumer<FakeSubscription> behaviour) {
        this.onSubscribe = behaviour;
    }

    public HostSignals signals() {
        return signals;
    }

    public ConferenceListener listener() {
        return listener;
    }

    public void join(String conference, String endpoint) {
        listener.endpointJoined(new ConferenceId(conference), new EndpointId(endpoint),
                new EndpointInfo("stream-" + endpoint, "name of " + endpoint));
    }

    public void publish(String conference, String endpoint) {
        publish(conference, endpoint, AUDIO_VIDEO);
    }

    public void publish(String conference, String endpoint, List<MediaSource> sources) {
        listener.sourcesAdded(new ConferenceId(conference), new EndpointId(endpoint), sources);
    }

    public void unpublish(String conference, String endpoint) {
        listener.sourcesRemoved(new ConferenceId(conference), new EndpointId(endpoint), AUDIO_VIDEO);
    }

    public void leave(String conference, String endpoint) {
        listener.endpointLeft(new ConferenceId(conference), new EndpointId(endpoint));
    }

    /** Waits for the {@code index}-th subscription (0-based, in subscribe order) to the endpoint. */
    public FakeSubscription awaitSubscription(String conference, String endpoint, int index) {
        Waits.until(Duration.ofSeconds(5), () -> subscriptionsTo(conference, endpoint).size() > index,
                "subscription " + index + " to " + conference + "/" + endpoint);
        return subscriptionsTo(conference, endpoint).get(index);
    }

    public List<FakeSubscription> subscriptionsTo(String conference, String endpoint) {
        return subscriptions.stream().filter(s -> s.request.conference().value().equals(conference)
                && s.request.endpoint().value().equals(endpoint)).toList();
    }
}

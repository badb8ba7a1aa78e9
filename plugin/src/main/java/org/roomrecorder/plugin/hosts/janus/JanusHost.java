package org.roomrecorder.plugin.hosts.janus;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.spi.ConferenceHost;
import org.roomrecorder.plugin.spi.ConferenceListener;
import org.roomrecorder.plugin.spi.HostSignals;
import org.roomrecorder.plugin.spi.SubscribeRequest;
import org.roomrecorder.plugin.spi.Subscription;

/**
 * The Janus VideoRoom as a conference host: rooms are conferences, publishers are endpoints, their audio and video
 * streams are sources, and each recording subscribes to one publisher with a subscriber handle. Room events come
 * from observers in the rooms or from Janus's HTTP event handler ({@link JanusConfig.RoomEvents}).
 *
 * <p>When the connection to Janus is lost (Janus restarted, the WebSocket dropped, the session timed out) every
 * subscription is reported lost ({@link HostSignals#subscriptionLost}), which closes its recording; once reconnected,
 * the rooms are watched again and every endpoint still publishing is reported again, so its recording resumes in the
 * same generation from the next segment, after a gap (within the core's {@code routing.resume-window}).
 *
 * <p>One thread, {@code rr-janus}, runs the link, the room watch and the registry; Janus's messages arrive on the
 * WebSocket's thread and the event handler's on its own.
 */
public final class JanusHost implements ConferenceHost, JanusLink.Listener {
    private final JanusConfig config;
    private final Logger log;
    private final RemoteLog remoteLog = new RemoteLog();
    private final ScheduledThreadPoolExecutor executor;
    private final Set<JanusSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile HostSignals signals;
    private volatile RoomRegistry registry;
    private volatile JanusLink link;
    private RoomWatch watch;
    private EventHandlerServer eventServer;

    JanusHost(JanusConfig config, Logger log) {
        this.config = config;
        this.log = log.createChildLogger(JanusHost.class.getName());
        // Work handed over after close (a late message from Janus) is dropped rather than thrown at its sender.
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "rr-janus");
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.DiscardPolicy());
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void start(ConferenceListener listener, HostSignals hostSignals) throws Exception {
        this.signals = hostSignals;
        registry = new RoomRegistry(listener, log);
        watch = new RoomWatch(config, registry, executor, log, remoteLog);
        if (config.events() == JanusConfig.RoomEvents.EVENT_HANDLER) {
            eventServer = EventHandlerServer.start(config.eventHandler(),
                    new EventHandlerEvents(registry, executor, log, remoteLog), log, remoteLog);
        }
        link = new JanusLink(config, executor, this, log, remoteLog);
        link.start();
        log.info(() -> "Janus VideoRoom host started: " + config.url() + ", room events by "
                + config.events().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    @Override
    public Subscription subscribe(SubscribeRequest request) {
        JanusSubscription subscription = new JanusSubscription(request, signals, subscriptions::remove, log,
                remoteLog);
        subscriptions.add(subscription);
        subscription.start(link.session(), registry.feed(request.conference(), request.endpoint()));
        return subscription;
    }

    @Override
    public void connected(JanusSession session) {
        watch.connected(session);
    }

    @Override
    public void disconnected(String reason) {
        watch.disconnected();
        for (JanusSubscription subscription : subscriptions) {
            subscription.connectionLost(reason);
        }
    }

    /** Unsubscribes everything, leaves the rooms, destroys the Janus session and stops listening. */
    @Override
    public void close() {
        subscriptions.forEach(JanusSubscription::close);
        if (eventServer != null) {
            eventServer.close();
        }
        if (link != null) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            executor.execute(() -> {
                watch.close();
                link.close().whenComplete((ignored, failure) -> done.complete(null));
            });
            try {
                done.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("Janus did not confirm the end of the session in time; closing anyway");
            }
        }
        executor.shutdownNow();
        log.info("Janus VideoRoom host stopped");
    }
}

package org.roomrecorder.plugin.hosts.vdoninja;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.spi.ConferenceHost;
import org.roomrecorder.plugin.spi.ConferenceListener;
import org.roomrecorder.plugin.spi.HostSignals;
import org.roomrecorder.plugin.spi.SubscribeRequest;
import org.roomrecorder.plugin.spi.Subscription;

/**
 * A VDO.Ninja room, through its WebSocket signaling server, as a conference host: the room is the conference, each
 * publisher (by UUID) an endpoint, and each recording a viewer connection the recorder asks for with {@code play}.
 * The recorder joins without a stream id of its own, so it never publishes.
 *
 * <p>When the server connection drops, every subscription is reported lost ({@link HostSignals#subscriptionLost}),
 * which closes its recording; once reconnected and rejoined, every publisher still there is reported again, so its
 * recording resumes in the same generation after a gap (within the core's {@code routing.resume-window}).
 *
 * <p>One thread, {@code rr-vdoninja}, owns the room, the subscriptions and the link: the server's messages, the
 * core's calls and every timer are handed to it, so that their order is the order they happened in.
 */
public final class VdoNinjaHost implements ConferenceHost, NinjaLink.Listener {
    private final VdoNinjaConfig config;
    private final Logger log;
    private final RemoteLog remoteLog = new RemoteLog();
    private final ScheduledThreadPoolExecutor executor;
    private final NinjaCrypto crypto;
    private final Outbox outbox = new Outbox();
    private final SecureRandom random = new SecureRandom();
    private NinjaRoom room;
    private NinjaSignaling signaling;
    private NinjaInbound inbound;
    private NinjaLink link;

    VdoNinjaHost(VdoNinjaConfig config, Logger log) {
        this.config = config;
        this.log = log.createChildLogger(VdoNinjaHost.class.getName());
        this.crypto = config.encrypted() ? new NinjaCrypto(config.password(), config.salt()) : null;
        // Work handed over after close (a late message, a late answer) is dropped rather than thrown at its sender.
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "rr-vdoninja");
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.DiscardPolicy());
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void start(ConferenceListener listener, HostSignals signals) {
        room = new NinjaRoom(config, listener, crypto == null ? "" : crypto.streamSuffix(), log, remoteLog);
        signaling = new NinjaSignaling(room, signals, outbox, log, remoteLog);
        inbound = new NinjaInbound(new NinjaParser(crypto), room, signaling, outbox, roomId(), log, remoteLog);
        link = new NinjaLink(config, executor, this, log, remoteLog);
        link.start();
        log.info(() -> "VDO.Ninja host started: room " + config.room() + " at " + config.url() + " ("
                + config.mode().name().toLowerCase(Locale.ROOT) + " server, "
                + (crypto == null ? "no password" : "password set") + ")");
    }

    /** The room id on the wire: hashed with the password, as VDO.Ninja clients do, or the plain name. */
    private String roomId() {
        return crypto == null ? config.room() : crypto.roomId(config.room());
    }

    @Override
    public Subscription subscribe(SubscribeRequest request) {
        NinjaSubscription subscription = new NinjaSubscription(request, executor, signaling, log);
        executor.execute(() -> signaling.subscribe(subscription));
        return subscription;
    }

    // ---------------------------------------------------------------- NinjaLink.Listener, on the executor

    @Override
    public void connected(NinjaConnection connection) {
        // A relay knows clients only by the 'from' they send; a fresh id per connection, since the relay may still
        // hold the old socket's.
        String own = null;
        if (config.mode() == VdoNinjaConfig.Mode.RELAY) {
            byte[] id = new byte[8];
            random.nextBytes(id);
            own = HexFormat.of().formatHex(id);
        }
        String ownId = own;
        outbox.connected(new NinjaRequests(crypto, ownId), connection::send, ownId);
        outbox.send(requests -> requests.joinroom(roomId()));
        log.info(() -> "joined room " + config.room() + (ownId == null ? "" : " as " + ownId));
        room.rejoined(config.mode() == VdoNinjaConfig.Mode.OFFICIAL);
    }

    @Override
    public void received(String text) {
        inbound.received(text);
    }

    @Override
    public void disconnected(String reason) {
        outbox.disconnected();
        signaling.disconnected(reason);
        room.disconnected();
    }

    /** Stops reconnecting and disconnects; the core has closed the subscriptions already. */
    @Override
    public void close() {
        if (link != null) {
            CountDownLatch done = new CountDownLatch(1);
            executor.execute(() -> {
                link.close();
                done.countDown();
            });
            try {
                done.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        executor.shutdownNow();
        log.info("VDO.Ninja host stopped");
    }
}

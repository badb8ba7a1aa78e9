package org.roomrecorder.plugin.hosts.vdoninja;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.logging.Slf4jContextLogger;

/**
 * The adapter's room, signaling and inbound dispatch wired as {@link VdoNinjaHost} wires them, without a socket: the
 * adapter's thread is a task queue drained after every step, the connection a list of the messages sent, the core a
 * {@link FakeCore}. Sent messages go into the core's journal too, so that their order against binds is visible.
 */
final class RoomHarness {
    final List<String> journal = new ArrayList<>();
    final FakeCore core = new FakeCore(journal);
    final List<JsonNode> sent = new ArrayList<>();
    final VdoNinjaConfig config;
    final NinjaCrypto crypto;
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private final Outbox outbox = new Outbox();
    private final NinjaRoom room;
    private final NinjaSignaling signaling;
    private final NinjaInbound inbound;
    private final Logger log = Slf4jContextLogger.create("test", Map.of());

    /**
     * @param settings HOCON over the reference's vdoninja section, for example {@code password = ""}
     */
    RoomHarness(String settings) {
        config = VdoNinjaConfig.from(ConfigFactory.parseString("room = myroom, " + settings)
                .withFallback(ConfigFactory.defaultReference().getConfig(VdoNinjaConfig.PATH)));
        crypto = config.encrypted() ? new NinjaCrypto(config.password(), config.salt()) : null;
        RemoteLog remoteLog = new RemoteLog();
        room = new NinjaRoom(config, core, crypto == null ? "" : crypto.streamSuffix(), log, remoteLog);
        signaling = new NinjaSignaling(room, core, outbox, log, remoteLog);
        inbound = new NinjaInbound(new NinjaParser(crypto), room, signaling, outbox, roomId(), log, remoteLog);
        core.host(request -> {
            NinjaSubscription subscription = new NinjaSubscription(request, tasks::add, signaling, log);
            tasks.add(() -> signaling.subscribe(subscription));
            return subscription;
        });
    }

    String roomId() {
        return crypto == null ? config.room() : crypto.roomId(config.room());
    }

    /** The stream id a publisher puts on the wire for {@code name}: with the password suffix when encrypted. */
    String wireStream(String name) {
        return crypto == null ? name : name + crypto.streamSuffix();
    }

    /** Connected (again), as the host does it: joinroom, then the room learns it rejoined. */
    void connect(String ownId) {
        run(() -> {
            outbox.connected(new NinjaRequests(crypto, ownId), text -> {
                JsonNode message = NinjaJson.parse(text);
                sent.add(message);
                journal.add("sent " + describe(message));
            }, ownId);
            outbox.send(requests -> requests.joinroom(roomId()));
            room.rejoined(ownId == null);
        });
    }

    void disconnect(String reason) {
        run(() -> {
            outbox.disconnected();
            signaling.disconnected(reason);
            room.disconnected();
        });
    }

    void receive(String text) {
        run(() -> inbound.received(text));
    }

    /** Messages that arrive together: all queued before any is handled, so the core's calls queue behind them. */
    void receiveAll(String... texts) {
        for (String text : texts) {
            tasks.add(() -> inbound.received(text));
        }
        run(() -> { });
    }

    /** Runs a step on the "adapter thread" and everything it handed over, until nothing is left. */
    void run(Runnable step) {
        tasks.add(step);
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
    }

    /** The messages sent with this request, or (null) the SDP/ICE messages. */
    List<JsonNode> sent(String request) {
        return sent.stream().filter(m -> request == null ? !m.has("request")
                : request.equals(m.path("request").asText())).toList();
    }

    private static String describe(JsonNode message) {
        if (message.has("request")) {
            return message.path("request").asText() + " " + message.path("streamID").asText("") + " "
                    + message.path("UUID").asText("");
        }
        return (message.has("description") ? "description" : "candidates") + " " + message.path("UUID").asText()
                + "/" + message.path("session").asText();
    }
}

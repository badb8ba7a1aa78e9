package org.roomrecorder.it.vdoninja;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.it.vdoninja.WebSocketServer.Connection;

/**
 * A VDO.Ninja-compatible handshake server for tests, with both behaviours of seed-system-raspberry-ninja.md:
 * <ul>
 * <li>{@link Behaviour#OFFICIAL} (§1.2, §1.5): the server gives each socket a UUID; {@code joinroom} is answered with
 *     a {@code listing} of the other members and announced to them ({@code videoaddedtoroom} for a member with a
 *     stream, {@code someonejoined} otherwise); {@code play} asks the stream's owner for an offer
 *     ({@code offerSDP}); every message addressed by {@code UUID} goes to that member with {@code UUID} rewritten
 *     to the sender's.</li>
 * <li>{@link Behaviour#PLAIN_RELAY} (§6, the minimal Node server): clients name themselves with {@code from}; a
 *     message without it is dropped; the raw text goes, unchanged, to the room's other members, only to the one
 *     named by {@code UUID} if it has one, and a {@code play} only to the owner of its {@code streamID}. No listing,
 *     no join events other than the broadcast {@code joinroom} itself.</li>
 * </ul>
 * For robustness tests it can hold back every delivery for a random time (so messages of different senders, or
 * of the same sender too, arrive in another order than sent), and a test can inject any text to any member.
 */
public final class VdoNinjaRoomServer implements AutoCloseable {
    public enum Behaviour { OFFICIAL, PLAIN_RELAY }

    /** A member as the server knows it; {@code uuid}, {@code room} and {@code streamId} may be null. */
    public record Member(String uuid, String room, String streamId) {
    }

    /** A message as the server received it, with its sender's UUID (null before a relay client named itself). */
    public record Received(String from, String text) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MEMBER = "member";

    private final Behaviour behaviour;
    private final WebSocketServer server;
    private final ScheduledExecutorService delivery = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "room-server-delivery");
        t.setDaemon(true);
        return t;
    });
    private final Random random;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Duration maxDelay = Duration.ZERO;
    private volatile boolean reorderPerSender;

    /** Mutable per-connection state; guarded by the server's monitor. */
    private static final class State {
        final Connection connection;
        String uuid;
        String room;
        String streamId;
        /** For in-order delayed delivery: the last due time (nanos) of each sender's messages to this member. */
        final Map<String, Long> lastDue = new ConcurrentHashMap<>();

        State(Connection connection) {
            this.connection = connection;
        }
    }

    private VdoNinjaRoomServer(Behaviour behaviour, long seed, int maxMessageBytes) throws IOException {
        this.behaviour = behaviour;
        this.random = new Random(seed);
        this.server = WebSocketServer.start(new WebSocketServer.Listener() {
            @Override
            public void opened(Connection connection) {
                State state = new State(connection);
                if (behaviour == Behaviour.OFFICIAL) {
                    state.uuid = UUID.randomUUID().toString();
                }
                connection.attributes().put(MEMBER, state);
            }

            @Override
            public void text(Connection connection, String message) {
                State state = (State) connection.attributes().get(MEMBER);
                received.add(new Received(state.uuid, message));
                handle(state, message);
            }

            @Override
            public void closed(Connection connection) {
                // Neither server tells the room when a socket goes (§6: the close handler is empty).
                connection.attributes().remove(MEMBER);
            }
        }, maxMessageBytes);
    }

    /**
     * A server on a free port of 127.0.0.1. {@code seed} makes the random delays repeatable; a client message
     * larger than {@code maxMessageBytes} closes its connection.
     */
    public static VdoNinjaRoomServer start(Behaviour behaviour, long seed, int maxMessageBytes) throws IOException {
        return new VdoNinjaRoomServer(behaviour, seed, maxMessageBytes);
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    public int port() {
        return server.port();
    }

    /**
     * Holds each delivery back for a random time up to {@code max}. With {@code reorderPerSender} even one sender's
     * messages to one member may overtake each other; without it only different senders' messages interleave anew,
     * as they could through a real server.
     */
    public void delays(Duration max, boolean reorderPerSender) {
        this.maxDelay = max;
        this.reorderPerSender = reorderPerSender;
    }

    /** The members now connected. */
    public synchronized List<Member> members() {
        List<Member> members = new ArrayList<>();
        for (State s : states()) {
            members.add(new Member(s.uuid, s.room, s.streamId));
        }
        return members;
    }

    /** Every message received so far, in order of arrival. */
    public List<Received> received() {
        return received;
    }

    /** Sends {@code text} as it is, at once, to the member with this UUID; false when there is none. */
    public boolean inject(String uuid, String text) {
        State target = byUuid(uuid);
        return target != null && target.connection.send(text);
    }

    private void handle(State sender, String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return; // both servers drop what is not JSON
        }
        if (message == null || !message.isObject()) {
            return;
        }
        if (behaviour == Behaviour.OFFICIAL) {
            official(sender, (ObjectNode) message);
        } else {
            relay(sender, (ObjectNode) message, text);
        }
    }

    private void official(State sender, ObjectNode message) {
        String request = text(message.get("request"));
        if ("joinroom".equals(request) || "seed".equals(request)) {
            join(sender, message, request);
        } else if ("play".equals(request)) {
            State owner = streamOwner(sender, text(message.get("streamID")));
            if (owner != null) {
                deliver(sender, owner, JSON.createObjectNode().put("request", "offerSDP").put("UUID", sender.uuid)
                        .toString());
            }
        } else if (message.has("UUID")) {
            State target = inRoomByUuid(sender, text(message.get("UUID")));
            if (target != null) {
                deliver(sender, target, message.put("UUID", sender.uuid).toString());
            }
        }
    }

    private void join(State sender, ObjectNode message, String request) {
        String streamId = text(message.get("streamID"));
        List<State> others = new ArrayList<>();
        ArrayNode list = JSON.createArrayNode();
        synchronized (this) {
            if ("joinroom".equals(request)) {
                String room = text(message.get("roomid"));
                if (room == null) {
                    return;
                }
                sender.room = room;
            }
            if (streamId != null && !claimStream(sender, streamId)) {
                return;
            }
            for (State s : states()) {
                if (s != sender && sender.room != null && sender.room.equals(s.room)) {
                    others.add(s);
                    ObjectNode entry = list.addObject().put("UUID", s.uuid);
                    if (s.streamId != null) {
                        entry.put("streamID", s.streamId);
                    }
                }
            }
        }
        if ("joinroom".equals(request)) {
            ObjectNode listing = JSON.createObjectNode().put("request", "listing");
            listing.set("list", list);
            deliver(null, sender, listing.toString());
        }
        for (State other : others) {
            ObjectNode event = streamId != null
                    ? JSON.createObjectNode().put("request", "videoaddedtoroom").put("streamID", streamId)
                    : JSON.createObjectNode().put("request", "someonejoined");
            deliver(sender, other, event.put("UUID", sender.uuid).toString());
        }
    }

    private void relay(State sender, ObjectNode message, String text) {
        String from = text(message.get("from"));
        if (from == null) {
            return;
        }
        String request = text(message.get("request"));
        synchronized (this) {
            if (sender.uuid == null) {
                if (byUuid(from) != null) {
                    sender.connection.send("{\"error\":\"uuid already in use\"}");
                    return;
                }
                sender.uuid = from;
            }
            if ("joinroom".equals(request)) {
                sender.room = text(message.get("roomid"));
            }
            String streamId = text(message.get("streamID"));
            if (("joinroom".equals(request) || "seed".equals(request)) && streamId != null
                    && !claimStream(sender, streamId)) {
                return;
            }
        }
        String to = text(message.get("UUID"));
        String playFor = "play".equals(request) ? text(message.get("streamID")) : null;
        List<State> targets = new ArrayList<>();
        synchronized (this) {
            for (State s : states()) {
                if (s != sender && (to == null || to.equals(s.uuid)) && Objects.equals(sender.room, s.room)
                        && (playFor == null || playFor.equals(s.streamId))) {
                    targets.add(s);
                }
            }
        }
        for (State target : targets) {
            deliver(sender, target, text); // unchanged, as the Node server relays the raw text
        }
    }

    /** A stream id is unique server-wide and cannot change (§6); errors go back to the claimant. */
    private boolean claimStream(State sender, String streamId) {
        if (sender.streamId != null && !sender.streamId.equals(streamId)) {
            sender.connection.send("{\"error\":\"can't change sid\"}");
            return false;
        }
        for (State s : states()) {
            if (s != sender && streamId.equals(s.streamId)) {
                sender.connection.send("{\"error\":\"sid already in use\"}");
                return false;
            }
        }
        sender.streamId = streamId;
        return true;
    }

    private void deliver(State sender, State target, String text) {
        long max = maxDelay.toNanos();
        if (max == 0) {
            target.connection.send(text);
            return;
        }
        long now = System.nanoTime();
        long due = now + (long) (random.nextDouble() * max);
        if (!reorderPerSender) {
            String key = sender == null ? "" : String.valueOf(sender.uuid);
            due = target.lastDue.merge(key, due, (previous, next) -> Math.max(previous + 1, next));
        }
        delivery.schedule(() -> target.connection.send(text), due - now, TimeUnit.NANOSECONDS);
    }

    private synchronized State streamOwner(State viewer, String streamId) {
        for (State s : states()) {
            if (streamId != null && streamId.equals(s.streamId) && Objects.equals(viewer.room, s.room)) {
                return s;
            }
        }
        return null;
    }

    private synchronized State inRoomByUuid(State sender, String uuid) {
        State target = byUuid(uuid);
        return target != null && target != sender && Objects.equals(sender.room, target.room) ? target : null;
    }

    private synchronized State byUuid(String uuid) {
        for (State s : states()) {
            if (uuid != null && uuid.equals(s.uuid)) {
                return s;
            }
        }
        return null;
    }

    private List<State> states() {
        List<State> states = new ArrayList<>();
        for (Connection c : server.connections()) {
            Object state = c.attributes().get(MEMBER);
            if (state != null) {
                states.add((State) state);
            }
        }
        return states;
    }

    /** A scalar's text (a numeric {@code from} as well as a string one); null for anything else or absent. */
    private static String text(JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    @Override
    public void close() throws IOException {
        delivery.shutdownNow();
        server.close();
    }
}

package org.roomrecorder.plugin.worker;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.Set;
import org.roomrecorder.protocol.ToPlugin;
import org.roomrecorder.protocol.ToWorker;
import org.roomrecorder.protocol.Welcome;
import org.roomrecorder.protocol.transport.Connection;

/**
 * One open connection to a worker: what it can hold and which sessions it holds. A reconnect to the same worker is
 * a new instance, so a session placed on a connection that died can never be confused with the next one. Load and
 * capacity are guarded by the pool's lock.
 */
public final class WorkerConnection {
    private final String worker;
    private final int order;
    private volatile Connection<ToPlugin> connection;
    private int capacity;
    private int welcomedCapacity;
    private volatile Phase phase = Phase.HANDSHAKE;
    private final Set<PlacementListener> sessions = new LinkedHashSet<>();

    /** HANDSHAKE until the pool has it, UP while placements go to it, DOWN once closed; changed under the pool's lock. */
    enum Phase { HANDSHAKE, UP, DOWN }

    /** @param order the worker's place in the configuration, which breaks placement ties */
    WorkerConnection(String worker, int order) {
        this.worker = requireNonNull(worker, "worker is null");
        this.order = order;
    }

    void attach(Connection<ToPlugin> openConnection, Welcome workerWelcome) {
        this.connection = openConnection;
        this.capacity = workerWelcome.capacity();
        this.welcomedCapacity = capacity;
    }

    /** The configured worker's name. */
    public String worker() {
        return worker;
    }

    /** Sends without blocking; false when the connection is gone (the pool then reports the loss). */
    public boolean send(ToWorker message) {
        Connection<ToPlugin> current = connection;
        return current != null && current.send(message);
    }

    void close(String reason) {
        Connection<ToPlugin> current = connection;
        if (current != null) {
            current.close(reason);
        }
    }

    int order() {
        return order;
    }

    /** False once the pool has seen the connection close; a session placed on it must be placed again. */
    public boolean isUp() {
        return phase == Phase.UP;
    }

    Phase phase() {
        return phase;
    }

    void phase(Phase next) {
        phase = next;
    }

    int capacity() {
        return capacity;
    }

    void lowerCapacity(int newCapacity) {
        capacity = Math.max(0, Math.min(capacity, newCapacity));
    }

    /** Back to what the worker announced; a worker still full says so again by refusing the next session. */
    void restoreCapacity() {
        capacity = welcomedCapacity;
    }

    Set<PlacementListener> sessions() {
        return sessions;
    }

    int load() {
        return sessions.size();
    }

    /** Free share of the capacity: the pool places on the connection where it is largest. */
    double freeShare() {
        return capacity == 0 ? 0 : 1.0 - (double) sessions.size() / capacity;
    }

    @Override
    public String toString() {
        return worker;
    }
}

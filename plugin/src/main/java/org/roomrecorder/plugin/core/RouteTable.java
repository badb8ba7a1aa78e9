package org.roomrecorder.plugin.core;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.roomrecorder.plugin.spi.HostKey;

/**
 * The one route table: endpoint → its recorder (and through it the current session), session id → session, host
 * key → session. Every message is routed by a direct lookup here. Finished sessions and retired host keys are
 * remembered in bounded memories, so a late message is reported as stale rather than unknown, an endpoint that
 * joins again numbers its generations on, and one whose recording the host's loss cut off can resume it.
 */
final class RouteTable {
    private final ConcurrentHashMap<EndpointKey, EndpointRecorder> endpoints = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RecordingSession> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<HostKey, RecordingSession> hostKeys = new ConcurrentHashMap<>();
    private final BoundedMemory<String, RetiredRoute> retiredSessions;
    private final BoundedMemory<HostKey, RetiredRoute> retiredKeys;
    private final BoundedMemory<EndpointKey, Integer> generations;
    /** Kept apart from the recorders: the host may report the endpoint gone before it reports it back. */
    private final BoundedMemory<EndpointKey, Interruption> interruptions;

    RouteTable(RoutingConfig config) {
        this.retiredSessions = new BoundedMemory<>(config.rememberedRoutes());
        this.retiredKeys = new BoundedMemory<>(config.rememberedRoutes());
        this.generations = new BoundedMemory<>(config.rememberedEndpoints());
        this.interruptions = new BoundedMemory<>(config.rememberedEndpoints());
    }

    /** Runs {@code event} on the endpoint's recorder, creating the recorder first if the endpoint has none. */
    void dispatch(EndpointKey key, Function<EndpointKey, EndpointRecorder> create, Consumer<EndpointRecorder> event) {
        EndpointRecorder[] target = new EndpointRecorder[1];
        // Enqueue inside compute, so that a recorder is never dropped from the table with an event still to come.
        endpoints.compute(key, (k, existing) -> {
            EndpointRecorder recorder = existing != null ? existing : create.apply(k);
            recorder.enqueueEvent(event);
            target[0] = recorder;
            return recorder;
        });
        target[0].executor().drain();
    }

    /** Runs {@code event} on the endpoint's recorder if it has one; false if it has none. */
    boolean dispatchIfPresent(EndpointKey key, Consumer<EndpointRecorder> event) {
        EndpointRecorder[] target = new EndpointRecorder[1];
        endpoints.computeIfPresent(key, (k, recorder) -> {
            recorder.enqueueEvent(event);
            target[0] = recorder;
            return recorder;
        });
        if (target[0] == null) {
            return false;
        }
        target[0].executor().drain();
        return true;
    }

    /**
     * Drops the recorder once it records nothing and no host event waits for it; a later event for the endpoint
     * makes a new one. Call from the recorder's executor.
     */
    void forgetIfIdle(EndpointRecorder recorder) {
        endpoints.computeIfPresent(recorder.key(), (k, current) ->
                current == recorder && recorder.isIdle() && !recorder.hasPendingEvents() ? null : current);
    }

    List<EndpointRecorder> endpoints() {
        return List.copyOf(endpoints.values());
    }

    int nextGeneration(EndpointKey key) {
        synchronized (generations) {
            Integer last = generations.get(key);
            int next = last == null ? 0 : last + 1;
            generations.put(key, next);
            return next;
        }
    }

    /** A worker recorded the endpoint as {@code generation}: the next generation numbers past it. */
    void generationTaken(EndpointKey key, int generation) {
        synchronized (generations) {
            Integer last = generations.get(key);
            if (last == null || last < generation) {
                generations.put(key, generation);
            }
        }
    }

    void interrupted(EndpointKey key, Interruption interruption) {
        interruptions.put(key, interruption);
    }

    /** The endpoint's interruption, forgotten as it is returned; null if it has none. */
    Interruption takeInterruption(EndpointKey key) {
        return interruptions.take(key);
    }

    void addSession(RecordingSession session) {
        if (sessions.putIfAbsent(session.id(), session) != null) {
            throw new IllegalStateException("session id " + session.id() + " is already taken");
        }
    }

    RecordingSession session(String id) {
        return sessions.get(id);
    }

    /**
     * Moves a session to the retired memory. Remembered before it is removed, so that a concurrent lookup that
     * misses the live table always finds it retired (never "unknown" for a moment).
     */
    void retireSession(RecordingSession session) {
        if (sessions.get(session.id()) == session) {
            retiredSessions.put(session.id(), session.retiredRoute());
            sessions.remove(session.id(), session);
        }
    }

    RetiredRoute retiredSession(String id) {
        return retiredSessions.get(id);
    }

    /** Binds a host key to a session; false if the key already belongs to another live session. */
    boolean bindKey(HostKey key, RecordingSession session) {
        RecordingSession previous = hostKeys.putIfAbsent(key, session);
        return previous == null || previous == session;
    }

    RecordingSession sessionForKey(HostKey key) {
        return hostKeys.get(key);
    }

    /** Moves a host key to the retired memory, remembered before removed (see {@link #retireSession}). */
    void retireKey(HostKey key, RecordingSession session) {
        if (hostKeys.get(key) == session) {
            retiredKeys.put(key, session.retiredRoute());
            hostKeys.remove(key, session);
        }
    }

    RetiredRoute retiredKey(HostKey key) {
        return retiredKeys.get(key);
    }

    /** Every live session with its state, for a failing test's report. */
    String describeSessions() {
        StringBuilder out = new StringBuilder();
        sessions.values().forEach(s -> out.append(s).append('\n'));
        return out.toString();
    }

    RoutingSnapshot snapshot() {
        return new RoutingSnapshot(endpoints.size(), sessions.size(), hostKeys.size());
    }
}

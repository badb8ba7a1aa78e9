package org.roomrecorder.plugin.worker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sessions waiting for a worker with capacity, oldest first. Guarded by the pool's lock. */
final class WaitingRoom {
    private final LinkedHashMap<PlacementListener, Instant> waiting = new LinkedHashMap<>();

    void add(PlacementListener session, Instant since) {
        waiting.putIfAbsent(session, since);
    }

    boolean remove(PlacementListener session) {
        return waiting.remove(session) != null;
    }

    PlacementListener pollOldest() {
        Iterator<PlacementListener> oldest = waiting.keySet().iterator();
        if (!oldest.hasNext()) {
            return null;
        }
        PlacementListener session = oldest.next();
        oldest.remove();
        return session;
    }

    /** Removes and returns the sessions that have waited since before {@code deadline}. */
    List<PlacementListener> removeWaitingSince(Instant deadline) {
        List<PlacementListener> expired = new ArrayList<>();
        Iterator<Map.Entry<PlacementListener, Instant>> entries = waiting.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<PlacementListener, Instant> entry = entries.next();
            if (!entry.getValue().isBefore(deadline)) {
                break;
            }
            expired.add(entry.getKey());
            entries.remove();
        }
        return expired;
    }

    List<PlacementListener> removeAll() {
        List<PlacementListener> all = new ArrayList<>(waiting.keySet());
        waiting.clear();
        return all;
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    int size() {
        return waiting.size();
    }
}

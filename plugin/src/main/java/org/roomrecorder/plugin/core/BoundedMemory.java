package org.roomrecorder.plugin.core;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map that forgets its least recently written entries beyond a fixed size. Thread-safe. */
final class BoundedMemory<K, V> {
    private final Map<K, V> entries;

    BoundedMemory(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void put(K key, V value) {
        entries.remove(key);
        entries.put(key, value);
    }

    synchronized V get(K key) {
        return entries.get(key);
    }

    /** Forgets the entry and returns it; null if there was none. */
    synchronized V take(K key) {
        return entries.remove(key);
    }

    synchronized int size() {
        return entries.size();
    }
}

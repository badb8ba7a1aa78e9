package org.roomrecorder.plugin.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.roomrecorder.protocol.ToWorker;

/**
 * Host signals a session holds until they may go to the worker: the latest offer until the worker has opened the
 * session, and candidates and end-of-candidates, in order, until that offer has gone too. Bounded: a host that
 * trickles without end while no worker answers must not grow the plugin's heap. Used on the endpoint's executor.
 */
final class SignalQueue {
    private final int capacity;
    private final ArrayDeque<ToWorker> candidates = new ArrayDeque<>();
    private String offer;

    SignalQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Holds an offer; returns true if it replaced an earlier one that never went out. */
    boolean holdOffer(String sdp) {
        boolean replaced = offer != null;
        offer = sdp;
        return replaced;
    }

    String takeOffer() {
        String held = offer;
        offer = null;
        return held;
    }

    /** Holds a candidate or end-of-candidates; false when the queue is full (the signal is not held). */
    boolean hold(ToWorker signal) {
        if (candidates.size() >= capacity) {
            return false;
        }
        candidates.add(signal);
        return true;
    }

    List<ToWorker> takeAll() {
        List<ToWorker> all = new ArrayList<>(candidates);
        candidates.clear();
        return all;
    }

    /** Forgets everything held; returns how many signals that was. */
    int discard() {
        int count = candidates.size() + (offer == null ? 0 : 1);
        candidates.clear();
        offer = null;
        return count;
    }

    int size() {
        return candidates.size() + (offer == null ? 0 : 1);
    }
}

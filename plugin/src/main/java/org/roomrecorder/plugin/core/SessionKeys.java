package org.roomrecorder.plugin.core;

import java.util.HashSet;
import java.util.Set;
import org.roomrecorder.plugin.spi.HostKey;

/**
 * The host keys bound to one session. The host binds from its own thread while the session may be ending on
 * another, so binding and retiring share a lock: a key is either retired with the others or refused, never left
 * behind in the route table.
 */
final class SessionKeys {
    enum Bind { BOUND, SESSION_OVER, KEY_TAKEN }

    private final RouteTable routes;
    private final Set<HostKey> keys = new HashSet<>();
    private volatile boolean retired;

    SessionKeys(RouteTable routes) {
        this.routes = routes;
    }

    synchronized Bind bind(HostKey key, RecordingSession session) {
        if (retired) {
            return Bind.SESSION_OVER;
        }
        if (!routes.bindKey(key, session)) {
            return Bind.KEY_TAKEN;
        }
        keys.add(key);
        return Bind.BOUND;
    }

    /** Retires every key at once; later binds are refused. Idempotent. */
    synchronized void retire(RecordingSession session) {
        if (retired) {
            return;
        }
        retired = true;
        for (HostKey key : keys) {
            routes.retireKey(key, session);
        }
        keys.clear();
    }

    boolean isRetired() {
        return retired;
    }
}

package org.roomrecorder.plugin.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.logging.LogContexts;
import org.roomrecorder.plugin.metrics.Direction;
import org.roomrecorder.plugin.metrics.PluginMetrics;
import org.roomrecorder.plugin.spi.HostKey;
import org.roomrecorder.protocol.LogBudget;
import org.roomrecorder.protocol.Text;

/**
 * Messages that find no live route: each is counted and logged (within a budget) with its conference, endpoint and
 * kind where they are known. Unknown means no session was ever known under the address: a host or worker bug, so
 * it is a warning. Stale means the address belonged to a session that is over (a late trickle, a reply after
 * {@code closed}, the old generation of a re-joined endpoint): expected now and then, so it is info.
 */
final class RouteDrops {
    private final PluginMetrics metrics;
    private final Logger log;
    private final LogBudget unknownBudget = new LogBudget(20, Duration.ofSeconds(10));
    private final LogBudget staleBudget = new LogBudget(50, Duration.ofSeconds(10));

    RouteDrops(PluginMetrics metrics, Logger log) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.log = requireNonNull(log, "log is null");
    }

    void unknownHostKey(String kind, HostKey key) {
        metrics.unknownRoute(kind, Direction.TO_WORKER);
        long dropped = unknownBudget.take();
        if (dropped >= 0) {
            log.warn(() -> "dropped " + kind + " for host key " + Text.printable(key.toString())
                    + ": no session ever had that key, so conference and endpoint are unknown" + suppressed(dropped));
        }
    }

    void unknownSession(String kind, Direction direction, String session, String from) {
        metrics.unknownRoute(kind, direction);
        long dropped = unknownBudget.take();
        if (dropped >= 0) {
            log.warn(() -> "dropped " + kind + " from " + from + " for session " + Text.printable(session)
                    + ": no such session was ever created here, so conference and endpoint are unknown"
                    + suppressed(dropped));
        }
    }

    void stale(String kind, Direction direction, RetiredRoute route, String why) {
        metrics.staleRoute(kind, direction);
        long dropped = staleBudget.take();
        if (dropped >= 0) {
            log.createChildLogger(RouteDrops.class.getName(), LogContexts.of(
                    LogContexts.CONF_ID, route.endpoint().conference().value(),
                    LogContexts.EP_ID, route.endpoint().endpoint().value(),
                    LogContexts.SESSION_ID, route.session(),
                    LogContexts.GENERATION, Integer.toString(route.generation())))
                    .info(() -> "dropped stale " + kind + ": " + why + suppressed(dropped));
        }
    }

    private static String suppressed(long dropped) {
        return dropped == 0 ? "" : " (" + dropped + " similar lines suppressed)";
    }
}

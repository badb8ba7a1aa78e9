package org.roomrecorder.plugin.logging;

import java.util.LinkedHashMap;
import java.util.Map;
import org.roomrecorder.protocol.Text;

/**
 * Log context keys, camelCase as in Jitsi ({@code confId}, {@code epId}), and a builder that makes every value safe
 * for a log line: conference and endpoint ids come from remote peers.
 */
public final class LogContexts {
    public static final String CONF_ID = "confId";
    public static final String EP_ID = "epId";
    public static final String SESSION_ID = "sessionId";
    public static final String GENERATION = "gen";
    public static final String HOST = "host";

    private LogContexts() {
    }

    /** A context map from alternating keys and values, each value passed through {@link Text#printable}. */
    public static Map<String, String> of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, String> context = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            context.put(keysAndValues[i], Text.printable(keysAndValues[i + 1]));
        }
        return context;
    }
}

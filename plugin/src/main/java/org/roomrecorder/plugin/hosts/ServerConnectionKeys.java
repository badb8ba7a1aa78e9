package org.roomrecorder.plugin.hosts;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.roomrecorder.plugin.config.ConfigSection;

/**
 * The keys with which every host adapter's section describes its WebSocket to the server, checked alike. Each adapter
 * still declares them in its own section of reference.conf, with its own defaults and comments.
 */
public final class ServerConnectionKeys {
    private ServerConnectionKeys() {
    }

    /** {@code url}: a {@code ws://} or {@code wss://} URL with a host. */
    public static URI url(ConfigSection section) {
        String text = section.string("url");
        try {
            URI uri = new URI(text);
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme()) || uri.getHost() == null) {
                throw section.bad("url", "must be a ws:// or wss:// URL with a host, got '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw section.bad("url", "is not a URL: '" + text + "'");
        }
    }

    /** {@code reconnect-min-delay}: the first wait before reconnecting. */
    public static Duration reconnectMinDelay(ConfigSection section) {
        return section.durationBetween("reconnect-min-delay", Duration.ofMillis(10), Duration.ofMinutes(10));
    }

    /** {@code reconnect-max-delay}: the longest wait, no shorter than {@code minDelay}. */
    public static Duration reconnectMaxDelay(ConfigSection section, Duration minDelay) {
        Duration maxDelay = section.durationBetween("reconnect-max-delay", Duration.ofMillis(10), Duration.ofHours(1));
        if (maxDelay.compareTo(minDelay) < 0) {
            throw section.bad("reconnect-max-delay", "must not be shorter than reconnect-min-delay");
        }
        return maxDelay;
    }

    /** {@code max-message-bytes}: the largest message accepted from the server, in characters. */
    public static int maxMessageChars(ConfigSection section) {
        return section.intBetween("max-message-bytes", 65_536, 64 * 1024 * 1024);
    }
}

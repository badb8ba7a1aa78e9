package org.roomrecorder.plugin.hosts;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import org.jitsi.utils.logging2.Logger;

/**
 * The WebSocket side of a server that speaks JSON text: joins each message's fragments, drops a message over the
 * size limit (one line within the remote-log budget, since the server or a peer decides the size), ignores binary
 * frames, and hands every whole message to {@link #message}; the socket closing or failing goes to
 * {@link #socketClosed}. Runs on the WebSocket's thread, one frame at a time; a failure in a subclass's handling is
 * logged and never reaches the WebSocket.
 */
public abstract class TextMessageListener implements WebSocket.Listener {
    private final int maxMessageChars;
    private final String server;
    private final StringBuilder partial = new StringBuilder();
    private boolean oversized;
    protected final RemoteLog remoteLog;
    protected final Logger log;

    /** @param server what the log lines call the other end, for example {@code Janus} */
    protected TextMessageListener(int maxMessageChars, String server, RemoteLog remoteLog, Logger log) {
        this.maxMessageChars = maxMessageChars;
        this.server = server;
        this.remoteLog = remoteLog;
        this.log = log;
    }

    /** One whole text message. */
    protected abstract void message(String text);

    /** The socket closed or failed; {@code reason} is fit for a log line. */
    protected abstract void socketClosed(String reason);

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        try {
            if (!oversized && partial.length() + data.length() > maxMessageChars) {
                oversized = true;
                partial.setLength(0);
            } else if (!oversized) {
                partial.append(data);
            }
            if (last) {
                if (oversized) {
                    remoteLog.warn(log, () -> "dropped a message from " + server + " larger than " + maxMessageChars
                            + " characters (max-message-bytes)");
                } else {
                    message(partial.toString());
                }
                partial.setLength(0);
                oversized = false;
            }
        } catch (RuntimeException e) {
            remoteLog.error(log, "a message from " + server + " could not be handled", e);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        socketClosed(server + " closed the WebSocket (" + statusCode + ")");
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        socketClosed("WebSocket error: " + error);
    }
}

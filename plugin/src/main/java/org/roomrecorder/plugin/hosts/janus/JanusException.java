package org.roomrecorder.plugin.hosts.janus;

import java.util.concurrent.CompletionException;
import org.roomrecorder.protocol.Text;

/** Janus refused a request, did not answer it in time, or the connection it was sent on is gone. */
final class JanusException extends Exception {
    private static final long serialVersionUID = 1L;

    JanusException(String message) {
        super(message);
    }

    /** A failure of a request's future, in words fit for a log line. */
    static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return Text.printable(cause.getMessage() == null ? cause.toString() : cause.getMessage());
    }
}

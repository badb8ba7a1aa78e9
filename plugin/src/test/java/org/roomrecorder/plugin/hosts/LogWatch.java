package org.roomrecorder.plugin.hosts;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Watches every line the plugin logs, at every level, while it is attached: a line carrying a raw control character
 * (a newline, an escape sequence, NUL: what a remote peer would inject into a log) or an error with a throwable (an
 * exception that a handler caught, so a test would not see it thrown) is a failure of {@link #check}. Lines are
 * formatted, checked and dropped, so a million of them cost no memory.
 */
public final class LogWatch extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final ch.qos.logback.classic.Logger backend =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.roomrecorder.plugin");
    private volatile String failure;
    private long lines;

    public LogWatch() {
        start();
        backend.setLevel(Level.INFO);
        backend.setAdditive(false);
        backend.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
        lines++;
        String line = event.getFormattedMessage();
        for (int i = 0; i < line.length() && failure == null; i++) {
            if (Character.isISOControl(line.charAt(i))) {
                failure = "a raw control character (U+" + Integer.toHexString(line.charAt(i)) + ") in a log line: "
                        + line.replaceAll("\\p{Cntrl}", "?");
            }
        }
        if (failure == null && event.getLevel() == Level.ERROR && event.getThrowableProxy() != null) {
            failure = "an exception was caught and logged: " + line + ": " + event.getThrowableProxy().getClassName()
                    + ": " + event.getThrowableProxy().getMessage();
        }
    }

    /** @throws AssertionError naming the first bad line since the last check */
    public void check() {
        String found = failure;
        if (found != null) {
            failure = null;
            throw new AssertionError(found);
        }
    }

    public long lines() {
        return lines;
    }

    @Override
    public void close() {
        backend.detachAppender(this);
        backend.setLevel(null);
        backend.setAdditive(true);
        stop();
    }
}

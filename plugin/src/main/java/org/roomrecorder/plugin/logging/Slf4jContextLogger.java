package org.roomrecorder.plugin.logging;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.jitsi.utils.logging2.LogContext;
import org.jitsi.utils.logging2.Logger;
import org.slf4j.LoggerFactory;

/**
 * A jitsi-utils {@code logging2} logger that writes through SLF4J and renders its context into the message, as
 * {@code [confId=c epId=e] message}. jitsi-utils' own {@code LoggerImpl} keeps the context in a separate field of a
 * java.util.logging record that only its own formatter prints, so a JUL-to-SLF4J bridge would drop it; this class
 * is the bridge that keeps it. The context travels with the logger object, never with the thread, because the
 * plugin's work runs on whatever thread delivered an event.
 *
 * <p>Levels follow the SLF4J backend; {@link #setLevel} can only make one logger (and the children created after)
 * quieter than the backend allows, never louder.
 */
public final class Slf4jContextLogger implements Logger {
    private final org.slf4j.Logger delegate;
    private final LogContext context;
    private volatile Level level;

    private Slf4jContextLogger(org.slf4j.Logger delegate, LogContext context, Level level) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.context = requireNonNull(context, "context is null");
        this.level = level;
    }

    /** A logger named {@code name} with the given context; pass remote-controlled values through {@link LogContexts}. */
    public static Logger create(String name, Map<String, String> context) {
        return new Slf4jContextLogger(LoggerFactory.getLogger(name), new LogContext(context), null);
    }

    @Override
    public Logger createChildLogger(String name, Map<String, String> childContext) {
        return new Slf4jContextLogger(LoggerFactory.getLogger(name), context.createSubContext(childContext), level);
    }

    @Override
    public Logger createChildLogger(String name) {
        return createChildLogger(name, Map.of());
    }

    private String render(Object message) {
        String prefix = context.getFormattedContext();
        return prefix.isEmpty() ? String.valueOf(message) : prefix + " " + message;
    }

    private boolean allows(Level wanted) {
        Level current = level;
        return current == null || wanted.intValue() >= current.intValue();
    }

    @Override
    public boolean isTraceEnabled() {
        return allows(Level.FINER) && delegate.isTraceEnabled();
    }

    @Override
    public void trace(Object message) {
        if (isTraceEnabled()) {
            delegate.trace(render(message));
        }
    }

    @Override
    public void trace(Supplier<String> message) {
        if (isTraceEnabled()) {
            delegate.trace(render(message.get()));
        }
    }

    @Override
    public boolean isDebugEnabled() {
        return allows(Level.FINE) && delegate.isDebugEnabled();
    }

    @Override
    public void debug(Object message) {
        if (isDebugEnabled()) {
            delegate.debug(render(message));
        }
    }

    @Override
    public void debug(Supplier<String> message) {
        if (isDebugEnabled()) {
            delegate.debug(render(message.get()));
        }
    }

    @Override
    public boolean isInfoEnabled() {
        return allows(Level.INFO) && delegate.isInfoEnabled();
    }

    @Override
    public void info(Object message) {
        if (isInfoEnabled()) {
            delegate.info(render(message));
        }
    }

    @Override
    public void info(Supplier<String> message) {
        if (isInfoEnabled()) {
            delegate.info(render(message.get()));
        }
    }

    @Override
    public boolean isWarnEnabled() {
        return allows(Level.WARNING) && delegate.isWarnEnabled();
    }

    @Override
    public void warn(Object message) {
        if (isWarnEnabled()) {
            delegate.warn(render(message));
        }
    }

    @Override
    public void warn(Supplier<String> message) {
        if (isWarnEnabled()) {
            delegate.warn(render(message.get()));
        }
    }

    @Override
    public void warn(Object message, Throwable cause) {
        if (isWarnEnabled()) {
            delegate.warn(render(message), cause);
        }
    }

    private boolean isErrorEnabled() {
        return allows(Level.SEVERE) && delegate.isErrorEnabled();
    }

    @Override
    public void error(Object message) {
        if (isErrorEnabled()) {
            delegate.error(render(message));
        }
    }

    @Override
    public void error(Supplier<String> message) {
        if (isErrorEnabled()) {
            delegate.error(render(message.get()));
        }
    }

    @Override
    public void error(Object message, Throwable cause) {
        if (isErrorEnabled()) {
            delegate.error(render(message), cause);
        }
    }

    @Override
    public void setLevel(Level newLevel) {
        level = newLevel;
    }

    /** The level set on this logger, or else the most detailed level the SLF4J backend lets through. */
    @Override
    public Level getLevel() {
        Level current = level;
        if (current != null) {
            return current;
        }
        if (delegate.isTraceEnabled()) {
            return Level.FINER;
        }
        if (delegate.isDebugEnabled()) {
            return Level.FINE;
        }
        if (delegate.isInfoEnabled()) {
            return Level.INFO;
        }
        if (delegate.isWarnEnabled()) {
            return Level.WARNING;
        }
        return delegate.isErrorEnabled() ? Level.SEVERE : Level.OFF;
    }

    @Override
    public void setLevelError() {
        setLevel(Level.SEVERE);
    }

    @Override
    public void setLevelWarn() {
        setLevel(Level.WARNING);
    }

    @Override
    public void setLevelInfo() {
        setLevel(Level.INFO);
    }

    @Override
    public void setLevelDebug() {
        setLevel(Level.FINE);
    }

    @Override
    public void setLevelTrace() {
        setLevel(Level.FINER);
    }

    @Override
    public void setLevelAll() {
        setLevel(Level.ALL);
    }

    @Override
    public void setLevelOff() {
        setLevel(Level.OFF);
    }

    @Override
    public void addContext(Map<String, String> added) {
        context.addContext(added);
    }

    @Override
    public void addContext(String key, String value) {
        context.addContext(key, value);
    }

    @Override
    public void removeContext(String key) {
        context.removeContext(key);
    }

    /** Output goes wherever the SLF4J backend sends it, so there is no parent handler chain to leave. */
    @Override
    public void setUseParentHandlers(boolean useParentHandlers) {
    }

    @Override
    public void addHandler(Handler handler) {
        throw new UnsupportedOperationException("this logger writes through SLF4J: configure its backend instead");
    }

    @Override
    public void removeHandler(Handler handler) {
        throw new UnsupportedOperationException("this logger writes through SLF4J: configure its backend instead");
    }
}

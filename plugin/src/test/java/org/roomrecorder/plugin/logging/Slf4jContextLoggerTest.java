package org.roomrecorder.plugin.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import org.jitsi.utils.logging2.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@DisplayName("The logging2 → SLF4J bridge")
class Slf4jContextLoggerTest {
    private static final String NAME = "org.roomrecorder.plugin.logging.test";

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private ch.qos.logback.classic.Logger backend;

    @BeforeEach
    void attach() {
        backend = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(NAME);
        backend.setLevel(Level.DEBUG);
        backend.setAdditive(false);
        appender.start();
        backend.addAppender(appender);
    }

    @AfterEach
    void detach() {
        backend.detachAppender(appender);
        backend.setLevel(null);
        backend.setAdditive(true);
    }

    private List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Nested
    @DisplayName("keeps the context")
    class Context {
        @Test
        @DisplayName("in the SLF4J record, as [key=value ...] before the message")
        void rendersTheContext() {
            Logger root = Slf4jContextLogger.create(NAME, LogContexts.of(LogContexts.HOST, "janus"));
            Logger endpoint = root.createChildLogger(NAME, LogContexts.of(LogContexts.CONF_ID, "room 1",
                    LogContexts.EP_ID, "alice"));
            endpoint.info("joined");
            assertEquals(List.of("[host=janus confId=room 1 epId=alice] joined"), lines());
            assertEquals(NAME, appender.list.get(0).getLoggerName());
            assertEquals(Level.INFO, appender.list.get(0).getLevel());
        }

        @Test
        @DisplayName("with context added later, and on children made before")
        void addsContext() {
            Logger root = Slf4jContextLogger.create(NAME, Map.of());
            Logger child = root.createChildLogger(NAME, Map.of("epId", "bob"));
            root.addContext("confId", "c1");
            child.warn("late");
            assertTrue(lines().get(0).contains("confId=c1"), lines().toString());
            assertTrue(lines().get(0).contains("epId=bob"), lines().toString());
        }

        @Test
        @DisplayName("made safe: remote-controlled values lose their line breaks")
        void sanitizesValues() {
            Logger logger = Slf4jContextLogger.create(NAME, LogContexts.of(LogContexts.EP_ID, "evil\nFAKE LINE"));
            logger.error("x");
            assertFalse(lines().get(0).contains("\n"), lines().toString());
        }
    }

    @Nested
    @DisplayName("respects levels")
    class Levels {
        @Test
        @DisplayName("of the SLF4J backend, and never builds a suppressed message")
        void backendLevel() {
            Logger logger = Slf4jContextLogger.create(NAME, Map.of());
            backend.setLevel(Level.INFO);
            logger.debug(() -> {
                throw new AssertionError("a debug message was built while debug is off");
            });
            assertFalse(logger.isDebugEnabled());
            logger.info("shown");
            assertEquals(List.of("shown"), lines());
        }

        @Test
        @DisplayName("set on the logger, which can only quieten it")
        void ownLevel() {
            Logger logger = Slf4jContextLogger.create(NAME, Map.of());
            logger.setLevelWarn();
            logger.info("hidden");
            logger.warn("shown", new IllegalStateException("cause"));
            assertEquals(List.of("shown"), lines());
            assertEquals("cause", appender.list.get(0).getThrowableProxy().getMessage());
            assertEquals(java.util.logging.Level.WARNING, logger.getLevel());
        }

        @Test
        @DisplayName("and refuses java.util.logging handlers, which it never uses")
        void noHandlers() {
            Logger logger = Slf4jContextLogger.create(NAME, Map.of());
            assertThrows(UnsupportedOperationException.class, () -> logger.addHandler(new ConsoleHandler()));
        }
    }
}

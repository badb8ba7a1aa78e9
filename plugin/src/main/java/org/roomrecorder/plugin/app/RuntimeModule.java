package org.roomrecorder.plugin.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.logging.Slf4jContextLogger;

/** Time, the one timer thread, and the root logger every component's contextual logger descends from. */
final class RuntimeModule extends AbstractModule {
    @Provides
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Reconnect backoff, waiting-room expiry and close timeouts: short tasks that only hand work on. */
    @Provides
    @Singleton
    ScheduledExecutorService timer() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rr-plugin-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Provides
    @Singleton
    Logger rootLogger() {
        return Slf4jContextLogger.create("org.roomrecorder.plugin", Map.of());
    }
}

package org.roomrecorder.worker;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.roomrecorder.worker.manifest.DiskReserve;
import org.roomrecorder.worker.manifest.ManifestStore;
import org.roomrecorder.worker.media.DecodingMediaEngine;
import org.roomrecorder.worker.media.FrameMemory;
import org.roomrecorder.worker.media.MediaEngine;
import org.roomrecorder.worker.media.Recorder;
import org.roomrecorder.worker.media.SegmentFailures;
import org.roomrecorder.worker.session.SessionConfig;
import org.roomrecorder.worker.session.SessionRegistry;
import org.roomrecorder.worker.webrtc.WebRtcConfig;
import org.roomrecorder.worker.webrtc.WebRtcEngine;

/** The worker's object graph, built from its configuration (the {@code room-recorder.worker} section). */
final class WorkerModule extends AbstractModule {
    private final Config worker;

    WorkerModule(Config worker) {
        this.worker = worker;
    }

    @Provides
    @Singleton
    SessionConfig sessionConfig() {
        return SessionConfig.from(worker);
    }

    @Provides
    @Singleton
    WebRtcConfig webRtcConfig() {
        return WebRtcConfig.from(worker.getConfig("webrtc"));
    }

    @Provides
    @Singleton
    Recorder.Settings recorderSettings() {
        Config media = worker.getConfig("media");
        return new Recorder.Settings(media.getString("ffmpeg"), Path.of(media.getString("work-directory")),
                media.getDuration("video-wait"), (int) media.getDuration("audio-tolerance").toMillis(),
                media.getDuration("finish-timeout"), media.getInt("audio-queue"));
    }

    @Provides
    @Singleton
    FrameMemory frameMemory() {
        return new FrameMemory(worker.getBytes("media.frame-memory"));
    }

    /** Session work and file finishing: short tasks, never webrtc-java's own threads. */
    @Provides
    @Singleton
    ExecutorService pool() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> daemon(r, "rr-session-" + count.incrementAndGet()));
    }

    @Provides
    @Singleton
    ScheduledExecutorService timers() {
        return Executors.newScheduledThreadPool(1, r -> daemon(r, "rr-timers"));
    }

    @Provides
    @Singleton
    WebRtcEngine webRtcEngine(WebRtcConfig config) {
        return new WebRtcEngine(config);
    }

    @Provides
    @Singleton
    SegmentFailures segmentFailures() {
        return new SegmentFailures();
    }

    @Provides
    @Singleton
    DiskReserve diskReserve(SessionConfig config) {
        return new DiskReserve(config.outputDirectory(), worker.getBytes("output.disk-reserve"));
    }

    @Provides
    @Singleton
    MediaEngine mediaEngine(Recorder.Settings settings, FrameMemory frames, ExecutorService pool,
            SegmentFailures failures) {
        return new DecodingMediaEngine(settings, frames, pool, failures);
    }

    @Provides
    @Singleton
    SessionRegistry sessions(SessionConfig config, WebRtcEngine webrtc, MediaEngine engine, DiskReserve reserve,
            ExecutorService pool, ScheduledExecutorService timers) {
        return new SessionRegistry(config, webrtc, engine, new ManifestStore(Clock.systemUTC(), reserve), pool,
                timers);
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    protected void configure() {
        // Everything is provided above.
    }
}

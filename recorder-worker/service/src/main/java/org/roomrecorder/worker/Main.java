package org.roomrecorder.worker;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.typesafe.config.Config;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.roomrecorder.worker.config.ConfigLoader;
import org.roomrecorder.worker.manifest.DiskReserve;
import org.roomrecorder.worker.media.FrameMemory;
import org.roomrecorder.worker.media.SegmentFailures;
import org.roomrecorder.worker.ops.OpsServer;
import org.roomrecorder.worker.server.WorkerServer;
import org.roomrecorder.worker.session.SessionConfig;
import org.roomrecorder.worker.session.SessionRegistry;
import org.roomrecorder.worker.webrtc.WebRtcEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code ./recorder worker [--config FILE]}: the recorder worker daemon. SIGTERM finalizes every file, then exits 0. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    private static final long MIB = 1024 * 1024;
    /**
     * Direct memory the JVM must have beyond the frame memory, for its own buffers (socket and file writes from the
     * heap go through cached direct buffers, up to the protocol's 1 MiB frames): without it, a full frame memory
     * would make those writes fail.
     */
    private static final long DIRECT_MEMORY_BEYOND_FRAMES = 32 * MIB;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // The JDK's HTTP server (health and metrics) waits for a request's head forever unless this process-wide
        // setting, read once when the server starts, says otherwise. The admin's own -D wins.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "10");
        }
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    System.out.println("usage: recorder worker [--config FILE]\n\n"
                            + "Listens on a Unix-domain socket for the plugin and records each session it opens.\n"
                            + "Every setting and its default: recorder-worker/service/src/main/resources/reference.conf");
                    return;
                }
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        fail("--config needs a file");
                    }
                    configFile = Path.of(args[++i]);
                }
                default -> fail("unknown argument '" + args[i] + "'; see --help");
            }
        }
        Config worker;
        try {
            worker = ConfigLoader.load(configFile);
        } catch (IllegalArgumentException e) {
            fail("bad configuration: " + e.getMessage());
            return;
        }
        run(worker);
    }

    private static void run(Config worker) throws IOException, InterruptedException {
        Injector injector = Guice.createInjector(new WorkerModule(worker));
        FrameMemory frames = injector.getInstance(FrameMemory.class);
        long directLimit = directMemoryLimit();
        if (frames.budget() + DIRECT_MEMORY_BEYOND_FRAMES > directLimit) {
            long needed = (frames.budget() + DIRECT_MEMORY_BEYOND_FRAMES + MIB - 1) / MIB;
            fail("media.frame-memory is " + frames.budget() / MIB + " MiB, but this JVM allows only "
                    + directLimit / MIB + " MiB of direct memory: start it with -XX:MaxDirectMemorySize=" + needed
                    + "m or more (the frame memory and " + DIRECT_MEMORY_BEYOND_FRAMES / MIB + " MiB for the JVM's "
                    + "own buffers), as ./recorder worker does, or lower media.frame-memory");
        }
        SessionConfig sessionConfig = injector.getInstance(SessionConfig.class);
        Files.createDirectories(sessionConfig.outputDirectory());
        Files.createDirectories(Path.of(worker.getString("media.work-directory")));
        DiskReserve reserve = injector.getInstance(DiskReserve.class);
        reserve.restoreIfRoom();
        SessionRegistry sessions = injector.getInstance(SessionRegistry.class);
        WebRtcEngine webrtc = injector.getInstance(WebRtcEngine.class);
        String id = worker.getString("id").isEmpty()
                ? InetAddress.getLocalHost().getHostName() + "-" + ManagementFactory.getRuntimeMXBean().getPid()
                : worker.getString("id");
        WorkerServer server = WorkerServer.start(Path.of(worker.getString("socket")), id,
                worker.getIntList("allowed-uids"), sessions);
        OpsServer ops = OpsServer.start(worker.getString("http.host"), worker.getInt("http.port"), sessions,
                server::connections, injector.getInstance(SegmentFailures.class), reserve, frames);
        log.info("worker {} ready: {} sessions at most, recordings in {}", id, sessionConfig.maxSessions(),
                sessionConfig.outputDirectory().toAbsolutePath());
        RealTimeCheck.warning().ifPresent(log::warn);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down: finishing every recording");
            server.close();
            int unfinished = sessions.closeAll("worker-shutdown", worker.getDuration("shutdown.deadline"));
            if (unfinished > 0) {
                log.warn("{} sessions did not finish within the shutdown deadline; their files were stopped", unfinished);
            }
            if (ops != null) {
                ops.close();
            }
            webrtc.close();
            log.info("stopped");
            stopped.countDown();
            // Every file is final: exit 0, as a service stopped on purpose should (the JVM would say 143).
            Runtime.getRuntime().halt(0);
        }, "rr-shutdown"));
        stopped.await();
    }

    /** The JVM's -XX:MaxDirectMemorySize, or, when it is not given, its default: the heap's maximum. */
    private static long directMemoryLimit() {
        String value = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("MaxDirectMemorySize").getValue();
        long limit = Long.parseLong(value);
        return limit > 0 ? limit : Runtime.getRuntime().maxMemory();
    }

    private static void fail(String message) {
        System.err.println("recorder worker: " + message);
        System.exit(2);
    }
}

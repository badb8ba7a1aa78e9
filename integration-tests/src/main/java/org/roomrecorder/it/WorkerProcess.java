package org.roomrecorder.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.protocol.transport.Waits;

/** The worker daemon as a real child process in the test network, from the jar {@code ./recorder worker} runs. */
public final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final Path socket;
    private final Path output;
    private final Path log;

    private WorkerProcess(Process process, Path socket, Path output, Path log) {
        this.process = process;
        this.socket = socket;
        this.output = output;
        this.log = log;
    }

    /** Starts a worker whose socket, recordings and log live under {@code dir}; {@code extraConfig} is HOCON. */
    public static WorkerProcess start(TestNetwork network, Path dir, String extraConfig) throws IOException {
        Files.createDirectories(dir);
        Path socket = dir.resolve("worker.sock");
        Path output = dir.resolve("recordings");
        Path config = dir.resolve("worker.conf");
        Files.writeString(config, "room-recorder.worker {\n  socket = \"" + socket + "\"\n  id = \"test-worker\"\n"
                + "  output.directory = \"" + output + "\"\n  media.work-directory = \"" + dir.resolve("fifo") + "\"\n"
                + "  http.port = 0\n" + extraConfig + "\n}\n");
        Path log = dir.resolve("worker.log");
        // The JVM options of ./recorder worker, so that tests and benchmarks measure what an admin runs.
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:MaxDirectMemorySize=256m", "-XX:+UseSerialGC", "-Xmn16m", "-jar",
                System.getProperty("rr.worker.jar"), "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(network.command(WithoutRealTime.command(java)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        builder.environment().put("MALLOC_MMAP_THRESHOLD_", "131072");
        WorkerProcess worker = new WorkerProcess(builder.start(), socket, output, log);
        Waits.until(Duration.ofSeconds(30), () -> worker.logContains(" ready: ") || !worker.process.isAlive(),
                "the worker to say it is ready");
        if (!worker.process.isAlive()) {
            throw new IOException("the worker exited: " + Files.readString(log));
        }
        return worker;
    }

    public Path socket() {
        return socket;
    }

    public Path output() {
        return output;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    private boolean logContains(String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    public Process process() {
        return process;
    }

    /** File descriptors the worker holds open now. */
    public long openFiles() throws IOException {
        return countEntries(Path.of("/proc", String.valueOf(process.pid()), "fd"));
    }

    /** Threads of the worker now, the JVM's and webrtc-java's native ones alike. */
    public long threads() throws IOException {
        return countEntries(Path.of("/proc", String.valueOf(process.pid()), "task"));
    }

    private static long countEntries(Path directory) throws IOException {
        try (var entries = Files.list(directory)) {
            return entries.count();
        }
    }

    /** SIGTERM, as systemd stops it; returns the exit code. */
    public int terminate(Duration timeout) throws InterruptedException, IOException {
        signal("TERM");
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the worker did not exit within " + timeout.toMillis() + " ms of SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGKILL: the worker gets no chance to finish anything. */
    public void kill() throws InterruptedException, IOException {
        signal("KILL");
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Signals the java process itself, not the ip-netns-exec wrapper (which exec()s it and so has its pid). */
    private void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

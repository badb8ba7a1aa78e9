package org.roomrecorder.it.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.roomrecorder.it.Lifetime;
import org.roomrecorder.it.TestNetwork;
import org.roomrecorder.it.WorkerProcess;
import org.roomrecorder.it.janus.JanusPublishers;
import org.roomrecorder.it.janus.JanusServer;
import org.roomrecorder.it.janus.PluginProcess;
import org.roomrecorder.protocol.transport.Waits;

/**
 * {@code ./scripts/soak}: the whole chain under churn for a long time. In a network namespace of its own it starts
 * Janus, a worker and the plugin as the demo does; then a publisher joins or leaves one room at every step of the
 * {@link Churn}, which keeps 6 to 10 in it. Every 10 s it samples the worker's and the plugin's threads, file
 * descriptors, RSS and session counts. At the end everyone leaves, and it checks that no session is left in either
 * process, that threads, descriptors and RSS did not grow ({@link UsageReport}), and that every stay in the room was
 * recorded to valid files holding that publisher's own tone and colour, each ended with a reason
 * ({@link RecordingCheck}). Prints a summary; exit status 0 only if every check passed.
 */
public final class Soak {
    private static final String ROOM = "soak";
    /** Half the default: ten publishers and their recordings at 30 fps would take most of two shared cores. */
    private static final int FRAME_RATE = 15;
    private static final int WORKER_OPS_PORT = 9464;
    private static final int PLUGIN_OPS_PORT = 9465;
    /**
     * The shortest stay in the room: at a load of 20 on the two shared cores, a join once took more than 6 s to
     * reach the worker (publisher joined, Janus's offer relayed, ICE not yet up), and that publisher, leaving then,
     * had no recording.
     */
    private static final Duration MIN_STAY = Duration.ofSeconds(10);
    private static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(10);
    private static final Duration PROGRESS_INTERVAL = Duration.ofMinutes(1);
    /** Warm-up: a fifth of the run, at most this long, and at least the filling of the room and this after it. */
    private static final Duration MAX_WARM_UP = Duration.ofMinutes(5);
    private static final Duration SETTLE_AFTER_FILL = Duration.ofSeconds(10);
    /** Idle threads of the JDK's cached pools end after 60 s; a leaked one never does. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(250);

    private final SoakOptions options;
    private final Path work;
    private final Lifetime lifetime = new Lifetime("room-recorder soak");
    private final List<Sample> samples = new ArrayList<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final List<String> waits = new ArrayList<>();
    private Map<String, Long> workerThreadsAtStart = Map.of();
    private Map<String, Long> workerThreadsAtEnd = Map.of();
    private WorkerProcess worker;
    private PluginProcess plugin;
    private OpsEndpoint workerOps;
    private OpsEndpoint pluginOps;
    private Churn churn;
    private Instant firstSample;
    private Instant everyoneLeft;

    private Soak(SoakOptions options, Path work) {
        this.options = options;
        this.work = work;
    }

    public static void main(String[] args) {
        SoakOptions options;
        try {
            options = SoakOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("soak: " + e.getMessage());
            System.err.println(SoakOptions.USAGE);
            System.exit(2);
            return;
        }
        int status;
        try {
            Soak soak = new Soak(options, Files.createTempDirectory("rr-soak-"));
            Runtime.getRuntime().addShutdownHook(new Thread(soak.lifetime::closeAll, "soak-cleanup"));
            status = soak.run();
        } catch (Exception | AssertionError e) {
            say("failed: " + e);
            status = 1;
        }
        System.exit(status);
    }

    private int run() throws Exception {
        say(String.format(Locale.ROOT, "%d s of churn, a join or leave every %d ms, seed %d (--seed replays it); "
                + "logs, recordings and samples.csv go to %s", options.churn().toSeconds(),
                options.interval().toMillis(), options.seed(), work));
        TestNetwork network = lifetime.keep(new TestNetwork());
        say("network namespace " + network.name() + ": 127.0.0.2 on a veth pair, nothing leaves this machine");
        worker = lifetime.keep(WorkerProcess.start(network, work.resolve("worker"), "http.port = " + WORKER_OPS_PORT));
        JanusServer janus = lifetime.keep(JanusServer.start(network, work.resolve("janus"),
                new JanusServer.Settings(List.of(ROOM), Churn.CAST + 2, 1_000_000, null)));
        plugin = lifetime.keep(PluginProcess.start(network, work.resolve("plugin"), "janus",
                "url = \"" + janus.apiUri() + "\"", List.of(worker.socket()),
                "media = both\noptions.frame-rate = " + FRAME_RATE, "metrics.port = " + PLUGIN_OPS_PORT));
        workerOps = lifetime.keep(OpsEndpoint.open(network, WORKER_OPS_PORT, work, "worker"));
        pluginOps = lifetime.keep(OpsEndpoint.open(network, PLUGIN_OPS_PORT, work, "plugin"));
        JanusPublishers farm = lifetime.keep(
                JanusPublishers.start(janus, network, work.resolve("farm.log"), FRAME_RATE));
        Duration fiveSteps = options.interval().multipliedBy(5);
        churn = new Churn(farm, ROOM, options.seed(), fiveSteps.compareTo(MIN_STAY) > 0 ? fiveSteps : MIN_STAY);
        say("Janus, the worker (pid " + worker.process().pid() + "), the plugin (pid " + plugin.pid()
                + ") and the publisher farm are up; churn starts");

        firstSample = Instant.now();
        sample();
        workerThreadsAtStart = ProcessUsage.threadNames(worker.process().pid());
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "sampler"));
        sampler.scheduleAtFixedRate(this::sample, SAMPLE_INTERVAL.toMillis(), SAMPLE_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            churn();
            churn.leaveAll();
            everyoneLeft = Instant.now();
        } finally {
            sampler.shutdown();
            sampler.awaitTermination(30, TimeUnit.SECONDS);
        }
        say("everyone left after " + churn.joins() + " joins; waiting for the files, the sessions and idle threads");
        Path manifest = worker.output().resolve(ROOM).resolve("manifest.json");
        await(Duration.ofSeconds(60), () -> RecordingCheck.finished(manifest, churn.stints()),
                "a finished recording of every stay in the manifest");
        await(Duration.ofSeconds(30), this::noSessions, "no session left in the worker or the plugin");
        // Checked while pooled threads idle out, which takes the JDK's 60 s.
        say("checking " + churn.stints().size() + " recordings with ffprobe and ffmpeg");
        RecordingCheck recordings = new RecordingCheck(manifest);
        recordings.check(churn.stints());
        Sample idle = samples.get(0);
        await(IDLE_TIMEOUT, () -> settled(idle), "threads and descriptors back near their first values");
        sample();
        workerThreadsAtEnd = ProcessUsage.threadNames(worker.process().pid());
        return report(manifest, recordings);
    }

    /** The schedule: one step every interval until the churn's time is up, a progress line every minute. */
    private void churn() throws Exception {
        Instant start = Instant.now();
        Instant end = start.plus(options.churn());
        Instant nextProgress = start.plus(PROGRESS_INTERVAL);
        for (long step = 0; ; step++) {
            Instant due = start.plus(options.interval().multipliedBy(step));
            if (!due.isBefore(end)) {
                return;
            }
            Lifetime.sleepUntil(due);
            churn.step();
            if (!Instant.now().isBefore(nextProgress)) {
                nextProgress = nextProgress.plus(PROGRESS_INTERVAL);
                progress();
            }
        }
    }

    private int report(Path manifest, RecordingCheck recordings) throws IOException {
        UsageReport usage = new UsageReport(samples, warmUp().toSeconds());
        writeCsv();
        PrintStream out = System.out;
        out.println();
        out.printf(Locale.ROOT, "soak: %d s of churn, seed %d: %d joins and leaves of %d publishers (%d to %d in the "
                + "room), %d steps skipped (all too new to leave)%n", options.churn().toSeconds(), options.seed(),
                churn.joins(), Churn.CAST, Churn.MIN_LIVE, Churn.MAX_LIVE, churn.skipped());
        Sample last = samples.get(samples.size() - 1);
        out.printf(Locale.ROOT, "sessions once everyone left: worker %.0f, plugin %.0f%n", last.workerSessions(),
                last.pluginSessions());
        waits.forEach(out::println);
        out.println();
        usage.print(out);
        out.println("worker threads by name, first sample -> last: " + threadChanges());
        out.println();
        out.printf(Locale.ROOT, "recordings: %d stays, %d files, %d valid (VP8/Opus), %d with their own publisher's "
                + "tone and colour; end reasons %s%n", churn.stints().size(), recordings.segments(),
                recordings.valid(), recordings.signed(), recordings.endReasons());
        spread(out, "recorded / time in the room", recordings.coverage(), "");
        List<Long> silence = recordings.silenceMillis();
        out.printf(Locale.ROOT, "audio gaps filled with silence by the worker: %d of %d files, %.1f s in all, at most "
                + "%.1f s in one%n", silence.stream().filter(ms -> ms > 0).count(), silence.size(),
                silence.stream().mapToLong(Long::longValue).sum() / 1000.0,
                silence.stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0);
        spread(out, "join to recording start", recordings.startDelays(),
                " s (limit " + RecordingCheck.MAX_START_DELAY.toSeconds() + " s)");
        out.println("manifest: " + manifest);
        out.println("samples: " + work.resolve("samples.csv"));
        problems.addAll(usage.problems());
        problems.addAll(recordings.problems());
        if (!churn.stints().isEmpty() && recordings.segments() == 0) {
            problems.add("no recording at all");
        }
        out.println();
        problems.forEach(p -> out.println("FAILED: " + p));
        say(problems.isEmpty() ? "passed: no leak, no growth, every stay recorded to its own valid file"
                : problems.size() + " check(s) failed; logs in " + work);
        return problems.isEmpty() ? 0 : 1;
    }

    private static void spread(PrintStream out, String name, List<Double> sorted, String unit) {
        if (!sorted.isEmpty()) {
            out.printf(Locale.ROOT, "%s: min %.2f, median %.2f, max %.2f%s%n", name, sorted.get(0),
                    sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), unit);
        }
    }

    /**
     * The time part of the warm-up ({@link UsageReport} adds the worker's first old-generation collection): a fifth of
     * the run, at most {@link #MAX_WARM_UP}, but never before the room was full and had settled.
     */
    private Duration warmUp() {
        Duration fifth = options.churn().dividedBy(5);
        Duration filled = options.interval().multipliedBy(Churn.MAX_LIVE).plus(SETTLE_AFTER_FILL);
        Duration warmUp = fifth.compareTo(MAX_WARM_UP) > 0 ? MAX_WARM_UP : fifth;
        return warmUp.compareTo(filled) < 0 ? filled : warmUp;
    }

    /** Runs on the sampler's schedule, where a throw would silently cancel the later samples. */
    private void sample() {
        long seconds = Duration.between(firstSample, Instant.now()).toSeconds();
        try {
            Sample sample = new Sample(seconds, churn.live(), ProcessUsage.of(worker.process().pid()),
                    ProcessUsage.of(plugin.pid()), sessions(workerOps, "rr_worker_sessions"),
                    sessions(pluginOps, "room_recorder_plugin_sessions"),
                    OldGenCollections.of(worker.process().pid()));
            synchronized (samples) {
                samples.add(sample);
            }
        } catch (RuntimeException e) {
            problems.add("sampling at " + seconds + " s: " + e.getMessage());
        }
    }

    private static double sessions(OpsEndpoint ops, String metric) {
        try {
            return ops.metric(metric);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private boolean noSessions() {
        try {
            return workerOps.metric("rr_worker_sessions") == 0 && workerOps.get("/health").contains("\"sessions\":0,")
                    && pluginOps.metric("room_recorder_plugin_sessions") == 0
                    && pluginOps.metric("room_recorder_plugin_sessions_waiting_for_worker") == 0
                    && pluginOps.metric("room_recorder_plugin_worker_sessions") == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private boolean settled(Sample idle) {
        ProcessUsage w = ProcessUsage.of(worker.process().pid());
        ProcessUsage p = ProcessUsage.of(plugin.pid());
        return near(w.threads(), idle.worker().threads()) && near(w.fds(), idle.worker().fds()) && w.children() == 0
                && near(p.threads(), idle.plugin().threads()) && near(p.fds(), idle.plugin().fds());
    }

    private static boolean near(long value, long first) {
        return value <= first + UsageReport.slack(first);
    }

    /** The thread names whose count differs between the first sample and the last, or that none does. */
    private String threadChanges() {
        Set<String> names = new TreeSet<>(workerThreadsAtStart.keySet());
        names.addAll(workerThreadsAtEnd.keySet());
        String changes = names.stream()
                .filter(name -> !workerThreadsAtStart.getOrDefault(name, 0L)
                        .equals(workerThreadsAtEnd.getOrDefault(name, 0L)))
                .map(name -> name + " " + workerThreadsAtStart.getOrDefault(name, 0L) + " -> "
                        + workerThreadsAtEnd.getOrDefault(name, 0L))
                .collect(Collectors.joining(", "));
        return changes.isEmpty() ? "unchanged" : changes;
    }

    /**
     * Waits for a condition, looking at most every {@link #POLL}: each look reads {@code /proc}, parses the manifest
     * or asks over HTTP. A timeout is a failed check, reported with the others, not the end of the run.
     */
    private void await(Duration timeout, BooleanSupplier condition, String what) {
        long[] next = {System.nanoTime()};
        boolean[] met = {false};
        try {
            Waits.until(timeout, () -> {
                long now = System.nanoTime();
                if (now - next[0] >= 0) {
                    next[0] = now + POLL.toNanos();
                    met[0] = condition.getAsBoolean();
                }
                return met[0];
            }, what);
            waits.add(String.format(Locale.ROOT, "%.1f s after the last leave: %s",
                    Duration.between(everyoneLeft, Instant.now()).toMillis() / 1000.0, what));
        } catch (AssertionError e) {
            problems.add(e.getMessage());
        }
    }

    private void progress() {
        Sample s;
        synchronized (samples) {
            s = samples.get(samples.size() - 1);
        }
        say(String.format(Locale.ROOT, "%3d min: %d joins; last sample: %d in the room, worker %.0f sessions, "
                + "%d threads, %d fds, %d MiB; plugin %d threads, %d fds, %d MiB",
                Duration.between(firstSample, Instant.now()).toMinutes(), churn.joins(), s.live(),
                s.workerSessions(), s.worker().threads(), s.worker().fds(), s.worker().rssKib() / 1024,
                s.plugin().threads(), s.plugin().fds(), s.plugin().rssKib() / 1024));
    }

    private void writeCsv() throws IOException {
        List<String> lines = new ArrayList<>(List.of(Sample.CSV_HEADER));
        samples.forEach(s -> lines.add(s.csv()));
        Files.write(work.resolve("samples.csv"), lines);
    }

    private static void say(String message) {
        System.err.println("room-recorder soak: " + message);
    }
}

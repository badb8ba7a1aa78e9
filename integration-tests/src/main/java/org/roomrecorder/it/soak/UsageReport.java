package org.roomrecorder.it.soak;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The worker's and the plugin's threads, file descriptors, RSS and child processes over the soak, and whether they
 * leaked. The first sample is taken before anyone joins and the last once everyone has left and the sessions are
 * gone, so a leak shows as a last value above the first; anything a process starts once and keeps (a thread
 * pool's core, the JIT's threads) is within the slack.
 *
 * <p>RSS, which the JVM's heap and malloc's arenas keep at their high-water mark, is judged by its peak: once warm,
 * a further peak more than {@link #RSS_GROWTH} above the warm-up's is growth a churn of equal load should not cause.
 * Warm-up ends when the room has been full and settled, a fifth of the run (at most 5 minutes) has passed, and the
 * worker's JVM has collected its old generation once: until then its heap is still being touched for the first time
 * (the worker's 256 MiB heap takes a few minutes to fill at 10 sessions), which raises the RSS without any leak.
 * A run that never gets there does not judge the RSS, and says so.
 */
final class UsageReport {
    static final double RSS_GROWTH = 0.10;
    /** Threads and descriptors a process may hold at the end beyond its first sample, in share of the first. */
    static final double IDLE_SLACK = 0.10;
    static final int IDLE_SLACK_MIN = 4;

    private final List<Sample> samples;
    private final long warmUpSeconds;
    private final boolean warm;
    private final List<String> problems = new ArrayList<>();

    /** {@code minWarmUpSeconds}: the time part of the warm-up; the first old-generation collection is the other. */
    UsageReport(List<Sample> samples, long minWarmUpSeconds) {
        this.samples = List.copyOf(samples);
        OptionalLong heapFilled = samples.stream().filter(s -> s.workerOldGcs() > 0).mapToLong(Sample::seconds)
                .findFirst();
        this.warmUpSeconds = Math.max(minWarmUpSeconds, heapFilled.orElse(0));
        this.warm = heapFilled.isPresent() && !after().isEmpty();
    }

    void print(PrintStream out) {
        out.printf("%-16s %8s %12s %8s %8s   %s%n", "", "first", "warm-up end", "last", "max", "check");
        idle(out, "worker threads", Sample::worker, ProcessUsage::threads);
        idle(out, "worker fds", Sample::worker, ProcessUsage::fds);
        idle(out, "worker children", Sample::worker, ProcessUsage::children, 0);
        rss(out, "worker RSS MiB", Sample::worker, true);
        idle(out, "plugin threads", Sample::plugin, ProcessUsage::threads);
        idle(out, "plugin fds", Sample::plugin, ProcessUsage::fds);
        rss(out, "plugin RSS MiB", Sample::plugin, false);
        out.printf(Locale.ROOT, "%d samples every 10 s; warm-up: the first %d s (%d samples; the worker's first "
                + "old-generation collection at %s); publishers in the room after it: %d to %d%n", samples.size(),
                warmUpSeconds, warmUp().size(), samples.stream().filter(s -> s.workerOldGcs() > 0).findFirst()
                .map(s -> s.seconds() + " s").orElse("none"),
                after().stream().mapToInt(Sample::live).min().orElse(0),
                after().stream().mapToInt(Sample::live).max().orElse(0));
    }

    List<String> problems() {
        return problems;
    }

    /** A count that must come back to near its first value once everyone has left. */
    private void idle(PrintStream out, String name, Function<Sample, ProcessUsage> process,
            ToLongFunction<ProcessUsage> value) {
        long first = value.applyAsLong(process.apply(samples.get(0)));
        idle(out, name, process, value, slack(first));
    }

    /** Above the first value, what a process may keep once started, for {@code first} threads or descriptors. */
    static long slack(long first) {
        return Math.max(IDLE_SLACK_MIN, Math.round(first * IDLE_SLACK));
    }

    private void idle(PrintStream out, String name, Function<Sample, ProcessUsage> process,
            ToLongFunction<ProcessUsage> value, long slack) {
        long first = value.applyAsLong(process.apply(samples.get(0)));
        long last = value.applyAsLong(process.apply(samples.get(samples.size() - 1)));
        long limit = first + slack;
        boolean ok = last <= limit;
        row(out, name, process, value, ok ? "ok, back to <= " + limit : "LEAK: above " + limit);
        if (!ok) {
            problems.add(String.format(Locale.ROOT, "%s: %d once everyone left, %d before anyone joined (limit %d)",
                    name, last, first, limit));
        }
    }

    private void rss(PrintStream out, String name, Function<Sample, ProcessUsage> process, boolean judged) {
        ToLongFunction<ProcessUsage> mib = p -> p.rssKib() / 1024;
        if (!warm) {
            row(out, name, process, mib, "not judged: the worker's heap was never full (no old-generation "
                    + "collection) with publishers still in the room; run longer");
            return;
        }
        long warmPeak = warmUp().stream().mapToLong(s -> mib.applyAsLong(process.apply(s))).max().orElse(0);
        long later = after().stream().mapToLong(s -> mib.applyAsLong(process.apply(s))).max().orElse(0);
        double growth = (later - warmPeak) / (double) warmPeak;
        boolean ok = !judged || growth <= RSS_GROWTH;
        String verdict = String.format(Locale.ROOT, "peak after warm-up %d vs %d in it (%+.1f %%%s)", later, warmPeak,
                growth * 100, judged ? ", limit +" + Math.round(RSS_GROWTH * 100) + " %" : ", not judged");
        row(out, name, process, mib, (ok ? "ok, " : "GROWTH: ") + verdict);
        if (!ok) {
            problems.add(name + ": " + verdict);
        }
    }

    private void row(PrintStream out, String name, Function<Sample, ProcessUsage> process,
            ToLongFunction<ProcessUsage> value, String check) {
        List<Sample> warmUp = warmUp();
        out.printf("%-16s %8d %12d %8d %8d   %s%n", name,
                value.applyAsLong(process.apply(samples.get(0))),
                value.applyAsLong(process.apply(warmUp.get(warmUp.size() - 1))),
                value.applyAsLong(process.apply(samples.get(samples.size() - 1))),
                samples.stream().mapToLong(s -> value.applyAsLong(process.apply(s))).max().orElse(0), check);
    }

    private List<Sample> warmUp() {
        return samples.stream().filter(s -> s.seconds() <= warmUpSeconds).toList();
    }

    /** After warm-up, while publishers are still in the room. */
    private List<Sample> after() {
        return samples.stream().filter(s -> s.seconds() > warmUpSeconds && s.live() > 0).toList();
    }
}

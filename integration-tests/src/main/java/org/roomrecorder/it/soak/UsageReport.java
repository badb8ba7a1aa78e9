package org.roomrecorder.it.soak;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The worker's and the plugin's threads, file descriptors, RSS and child processes over the soak, and whether they
 * leaked. The first sample is taken before anyone joins and the last once everyone has left and the sessions are
 * gone, so a leak shows as a last value above the first; anything a process starts once and keeps (a thread
 * pool's core, the JIT's threads) is within the slack. RSS, which the JVM's heap and malloc's arenas keep at their
 * high-water mark, is judged by its peak: once warm (the room was full and the JVM had time to size its heap), a
 * further peak more than {@link #RSS_GROWTH} above the warm-up's is growth a churn of equal load should not cause.
 */
final class UsageReport {
    static final double RSS_GROWTH = 0.10;
    /** Threads and descriptors a process may hold at the end beyond its first sample, in share of the first. */
    static final double IDLE_SLACK = 0.10;
    static final int IDLE_SLACK_MIN = 4;

    private final List<Sample> samples;
    private final long warmUpSeconds;
    private final List<String> problems = new ArrayList<>();

    UsageReport(List<Sample> samples, long warmUpSeconds) {
        this.samples = List.copyOf(samples);
        this.warmUpSeconds = warmUpSeconds;
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
        out.printf(Locale.ROOT, "%d samples, warm-up = the first %d s (%d samples); live publishers after warm-up: "
                + "%d to %d%n", samples.size(), warmUpSeconds, warmUp().size(), after().stream()
                .mapToInt(Sample::live).filter(n -> n > 0).min().orElse(0),
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
        long warm = warmUp().stream().mapToLong(s -> mib.applyAsLong(process.apply(s))).max().orElse(0);
        long later = after().stream().mapToLong(s -> mib.applyAsLong(process.apply(s))).max().orElse(0);
        double growth = warm == 0 ? 0 : (later - warm) / (double) warm;
        boolean ok = !judged || growth <= RSS_GROWTH;
        String verdict = String.format(Locale.ROOT, "peak after warm-up %d vs %d in it (%+.1f %%%s)", later, warm,
                growth * 100, judged ? ", limit +" + Math.round(RSS_GROWTH * 100) + " %" : "");
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

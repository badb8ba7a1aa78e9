package org.roomrecorder.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** CPU time and resident memory of a process and of its direct children (the worker's FFmpeg encoders). */
record ProcessUsage(long cpuTicks, long childrenCpuTicks, long rssKib, long childrenRssKib) {
    private static final double TICKS_PER_SECOND = 100.0;

    static ProcessUsage of(long pid) throws IOException {
        long[] own = stat(pid);
        long childrenCpu = 0;
        long childrenRss = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    long[] child = stat(Long.parseLong(proc.getFileName().toString()));
                    if (child[3] == pid) {
                        childrenCpu += child[0];
                        childrenRss += child[1];
                    }
                } catch (IOException | RuntimeException gone) {
                    // The process ended while we looked.
                }
            }
        }
        return new ProcessUsage(own[0], childrenCpu, own[1], childrenRss);
    }

    /** One CPU tick over {@code wallSeconds}, in % of one core: the least CPU use this class can tell from none. */
    static double tickPercent(double wallSeconds) {
        return 100 / TICKS_PER_SECOND / wallSeconds;
    }

    /** The process's CPU time since {@code earlier}, in % of one core over {@code wallSeconds}. */
    double cpuPercentSince(ProcessUsage earlier, double wallSeconds) {
        return (cpuTicks - earlier.cpuTicks) / TICKS_PER_SECOND / wallSeconds * 100;
    }

    /** The CPU time since {@code earlier} of the children alive at both readings, in % of one core. */
    double childrenCpuPercentSince(ProcessUsage earlier, double wallSeconds) {
        return (childrenCpuTicks - earlier.childrenCpuTicks) / TICKS_PER_SECOND / wallSeconds * 100;
    }

    /** {cpu ticks (utime + stime), rss KiB, -, parent pid} */
    private static long[] stat(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long rssPages = Long.parseLong(f[21]);
        return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), rssPages * 4, 0, Long.parseLong(f[1])};
    }
}

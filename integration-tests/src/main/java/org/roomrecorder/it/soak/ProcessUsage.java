package org.roomrecorder.it.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a process holds at one instant, from {@code /proc}: the resources a leak would pile up.
 *
 * @param threads  entries of {@code /proc/<pid>/task}
 * @param fds      entries of {@code /proc/<pid>/fd}
 * @param rssKib   {@code VmRSS} of {@code /proc/<pid>/status}
 * @param children processes whose parent it is (the worker's FFmpeg encoders)
 */
record ProcessUsage(int threads, int fds, long rssKib, int children) {
    static ProcessUsage of(long pid) {
        Path proc = Path.of("/proc", String.valueOf(pid));
        try {
            return new ProcessUsage(count(proc.resolve("task")), count(proc.resolve("fd")), rssKib(proc),
                    children(pid));
        } catch (IOException e) {
            throw new UncheckedIOException("reading /proc/" + pid + " (has the process exited?)", e);
        }
    }

    /**
     * How many of the process's threads go by each name, digits replaced by {@code #} so that numbered threads of
     * one pool count together: what a thread count that did not come back is made of.
     */
    static Map<String, Long> threadNames(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            return tasks.map(ProcessUsage::threadName).filter(name -> name != null)
                    .collect(Collectors.groupingBy(name -> name.replaceAll("[0-9]+", "#"), TreeMap::new,
                            Collectors.counting()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading /proc/" + pid + "/task (has the process exited?)", e);
        }
    }

    private static String threadName(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return null; // the thread ended while the scan ran
        }
    }

    private static int count(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return (int) entries.count();
        }
    }

    private static long rssKib(Path proc) throws IOException {
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in " + proc.resolve("status"));
    }

    /** Scans every {@code /proc/<pid>/stat}: the per-thread {@code children} files need CONFIG_PROC_CHILDREN. */
    private static int children(long pid) throws IOException {
        String parent = String.valueOf(pid);
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            return (int) all.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> parent.equals(parentOf(p))).count();
        }
    }

    /** The fourth field of {@code stat}, after the command name in parentheses (which may hold spaces). */
    private static String parentOf(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return fields[1];
        } catch (IOException | RuntimeException e) {
            return null; // the process ended while the scan ran
        }
    }
}

package org.roomrecorder.it.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How many times a JVM has collected its old generation ({@code FGC} of {@code jstat -gc}). Until the first, a JVM's
 * RSS grows as its heap is touched for the first time, which is warm-up, not a leak.
 */
final class OldGenCollections {
    private OldGenCollections() {
    }

    /** The count, or -1 if jstat could not tell (the process ended, or it runs without performance data). */
    static long of(long pid) {
        try {
            Process jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(),
                    "-gc", String.valueOf(pid)).redirectErrorStream(true).start();
            List<String> lines = new String(jstat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim).toList();
            if (!jstat.waitFor(10, TimeUnit.SECONDS) || jstat.exitValue() != 0 || lines.size() < 2) {
                return -1;
            }
            List<String> names = List.of(lines.get(0).split("\\s+"));
            String[] values = lines.get(1).split("\\s+");
            int column = names.indexOf("FGC");
            return column < 0 || column >= values.length ? -1 : Long.parseLong(values[column]);
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}

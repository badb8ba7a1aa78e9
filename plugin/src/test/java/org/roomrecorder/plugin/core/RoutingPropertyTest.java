package org.roomrecorder.plugin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: whatever the order of joins, offers, candidates, leaves, duplicate events, re-joins, worker loss and
 * delayed, reordered replies, no message reaches the wrong session and nothing leaks. Runs 1,000 seeded schedules
 * ({@code -Drr.prop.schedules=N} to change), several at a time. The master seed is printed; a failure names its
 * schedule's seed, and {@code -Drr.prop.seed=N} runs that schedule alone. A replay repeats the schedule's actions;
 * thread timing, which the schedule cannot fix, varies.
 */
@DisplayName("Routing under random schedules")
class RoutingPropertyTest {
    private static final int PARALLEL = 4;

    @TempDir
    Path dir;

    @Test
    @DisplayName("never routes a message to the wrong session and never leaks a route, a session or a queue")
    void randomSchedules() throws Exception {
        Long replay = Long.getLong("rr.prop.seed");
        int schedules = replay != null ? 1 : Integer.getInteger("rr.prop.schedules", 1000);
        long master = replay != null ? replay : System.nanoTime();
        System.out.println("RoutingPropertyTest: " + schedules + " schedules from seed " + master
                + (replay != null ? " (replay)" : "; replay one with -Drr.prop.seed=<its seed>"));
        ExecutorService runners = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < schedules; i++) {
                long seed = master + i;
                Path scheduleDir = dir.resolve("s" + i);
                results.add(runners.submit(() -> new RandomSchedule(seed, scheduleDir).run()));
            }
            List<String> failures = new ArrayList<>();
            for (Future<List<String>> result : results) {
                failures.addAll(result.get());
            }
            assertEquals(List.of(), failures.stream().limit(20).toList(), failures.size() + " problems");
        } finally {
            runners.shutdownNow();
        }
    }
}

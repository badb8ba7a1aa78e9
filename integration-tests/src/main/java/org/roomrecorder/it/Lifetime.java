package org.roomrecorder.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a harness program (the demo, the soak) has started, closed newest first: publishers leave, the plugin
 * finalizes, the namespace goes last. Closing may come from a shutdown hook (Ctrl-C) while the program is still
 * starting things, so both sides hold the list's lock.
 */
public final class Lifetime {
    private final String program;
    private final List<AutoCloseable> started = new ArrayList<>();

    /** @param program how the program names itself in what it prints */
    public Lifetime(String program) {
        this.program = program;
    }

    public <T extends AutoCloseable> T keep(T resource) {
        synchronized (started) {
            started.add(0, resource);
        }
        return resource;
    }

    /** Closes everything kept so far; a failure is printed, not thrown: the program is ending either way. */
    public void closeAll() {
        List<AutoCloseable> toClose;
        synchronized (started) {
            toClose = List.copyOf(started);
            started.clear();
        }
        try {
            Resources.closeAll(toClose.toArray(AutoCloseable[]::new));
        } catch (Exception e) {
            System.err.println(program + ": cleaning up: " + e.getMessage());
        }
    }

    /** Sleeps until {@code instant}: for the program's own timeline, not to wait for something to happen. */
    public static void sleepUntil(Instant instant) throws InterruptedException {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            Thread.sleep(millis); // the program's own timeline: nothing to poll for
        }
    }
}

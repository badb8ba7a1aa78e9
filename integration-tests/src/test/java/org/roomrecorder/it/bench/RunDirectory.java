package org.roomrecorder.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A bench run's own directory (logs, sockets, recordings). A capacity search makes dozens of runs, each holding
 * its recordings, so a run that measured leaves nothing behind; a run that failed keeps its directory and names it,
 * for its logs.
 */
final class RunDirectory {

    /** The work of one run, in its directory. */
    interface Run<T> {
        T in(Path dir) throws Exception;
    }

    private RunDirectory() {
    }

    static <T> T run(String prefix, Run<T> run) throws Exception {
        Path dir = Files.createTempDirectory(prefix);
        T result;
        try {
            result = run.in(dir);
        } catch (Exception | Error e) {
            System.err.println("the failed run's logs are in " + dir);
            throw e;
        }
        delete(dir);
        return result;
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("could not remove the run directory " + dir + ": " + e);
        }
    }
}

package org.roomrecorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.it.demo.Demo;

/** {@code ./recorder demo}'s program as the command runs it: its own JVM, its exit status, its table. */
class DemoIT {
    /** Failsafe runs tests from a manifest-only jar; the real class path is in this property. */
    private static final String CLASS_PATH = System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path"));

    @TempDir
    Path dir;

    @Test
    void theDemoRecordsEveryPublisherAndLeavesNothingRunning() throws Exception {
        List<String> before = namespaces();
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Drr.worker.jar=" + System.getProperty("rr.worker.jar"),
                "-Drr.plugin.jar=" + System.getProperty("rr.plugin.jar"),
                "-cp", CLASS_PATH, Demo.class.getName(),
                "--seconds", "10", "--publishers", "2", "--out", dir.resolve("out").toString())
                .redirectErrorStream(true).start();
        String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(demo.waitFor(3, TimeUnit.MINUTES), output);

        assertEquals(0, demo.exitValue(), output);
        List<String> rows = output.lines().filter(l -> l.startsWith("publisher-")).toList();
        assertEquals(2, rows.size(), output);
        assertTrue(rows.stream().allMatch(r -> r.endsWith(" ok") && r.contains("vp8/opus")), output);
        assertTrue(Files.exists(dir.resolve("out/demo/manifest.json")), output);
        assertEquals(before, namespaces(), "the demo removed its network namespace");
    }

    @Test
    void badOptionsAreRefusedWithTheUsage() throws Exception {
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", CLASS_PATH, Demo.class.getName(), "--publishers", "99")
                .redirectErrorStream(true).start();
        String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(demo.waitFor(1, TimeUnit.MINUTES), output);
        assertEquals(2, demo.exitValue(), output);
        assertTrue(output.contains("--publishers must be a whole number from 1 to 12, not '99'"), output);
        assertTrue(output.contains("usage: ./recorder demo"), output);
    }

    private static List<String> namespaces() throws Exception {
        Process ip = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        List<String> names = new ArrayList<>(new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines().map(l -> l.split(" ")[0]).sorted().toList());
        ip.waitFor();
        return names;
    }
}

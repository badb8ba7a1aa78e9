package org.roomrecorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.roomrecorder.it.soak.Soak;

/**
 * {@code ./scripts/soak}'s program as the script runs it, short and with a faster churn, so that the suite keeps the
 * soak working: its exit status, its summary, its namespace gone (others' tests may run beside it, so only its own
 * is looked for).
 */
class SoakIT {
    /** Failsafe runs tests from a manifest-only jar; the real class path is in this property. */
    private static final String CLASS_PATH = System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path"));

    @Test
    void aShortSoakFindsNoLeakAndEveryStayRecorded() throws Exception {
        Process soak = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Drr.worker.jar=" + System.getProperty("rr.worker.jar"),
                "-Drr.plugin.jar=" + System.getProperty("rr.plugin.jar"),
                "-cp", CLASS_PATH, Soak.class.getName(), "--seconds", "30", "--churn-ms", "1000", "--seed", "7")
                .redirectErrorStream(true).start();
        String output = new String(soak.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(soak.waitFor(3, TimeUnit.MINUTES), output);

        assertEquals(0, soak.exitValue(), output);
        assertTrue(output.contains("sessions once everyone left: worker 0, plugin 0"), output);
        Matcher recordings = Pattern.compile("recordings: (\\d+) stays, (\\d+) files, (\\d+) valid \\(VP8/Opus\\), "
                + "(\\d+) with their own publisher's tone and colour").matcher(output);
        assertTrue(recordings.find(), output);
        int stays = Integer.parseInt(recordings.group(1));
        assertTrue(stays >= 10, output); // the room is filled to ten first
        for (int group = 2; group <= 4; group++) {
            assertEquals(stays, Integer.parseInt(recordings.group(group)), output);
        }
        Matcher namespace = Pattern.compile("network namespace (rr-[0-9a-f]+)").matcher(output);
        assertTrue(namespace.find(), output);
        assertFalse(namespaces().contains(namespace.group(1)), "the soak removed its network namespace");
    }

    private static List<String> namespaces() throws Exception {
        Process ip = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        List<String> names = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .map(l -> l.split(" ")[0]).toList();
        ip.waitFor();
        return names;
    }
}

package org.roomrecorder.it.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.roomrecorder.it.Relay;
import org.roomrecorder.it.TestNetwork;
import org.roomrecorder.it.WorkerProcess;
import org.roomrecorder.protocol.Closed;
import org.roomrecorder.protocol.RecordingOptions;
import org.roomrecorder.protocol.StateEvent;
import org.roomrecorder.protocol.transport.Waits;
import org.roomrecorder.worker.media.MediaSignatures;
import org.roomrecorder.worker.probe.RecordingProbe;

/**
 * A/V sync of recordings: a publisher flashes the centre of its picture white and beeps at the same instant every
 * second; in the recorded file, each flash's onset is compared with the nearest beep's. Prints every offset of
 * every run (positive: audio later than video) and the median of the per-run medians of |offset|.
 *
 * <p>Usage: {@code SyncBench [runs=5] [seconds=10]}.
 */
public final class SyncBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<Double> medians = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            List<Double> offsets = measure(seconds);
            double median = offsets.stream().map(Math::abs).sorted().toList().get(offsets.size() / 2);
            medians.add(median);
            System.out.printf(Locale.ROOT, "run %d: median |offset| %.1f ms; offsets (ms, audio minus video) %s%n", run,
                    median, offsets.stream().map(o -> String.format(Locale.ROOT, "%+.0f", o)).toList());
        }
        System.out.printf(Locale.ROOT, "median over %d runs: %.1f ms%n", runs,
                medians.stream().sorted().toList().get(runs / 2));
        System.exit(0);
    }

    private static List<Double> measure(int seconds) throws Exception {
        return RunDirectory.run("rr-sync-bench", dir -> {
            try (TestNetwork network = new TestNetwork();
                    WorkerProcess worker = WorkerProcess.start(network, dir, "");
                    Relay relay = Relay.start(worker, network, dir.resolve("farm.log"))) {
                relay.recordBeepFlash("sync", "sync", RecordingOptions.defaults());
                Waits.until(Duration.ofSeconds(30), () -> relay.hasState("sync", StateEvent.State.FIRST_VIDEO_FRAME),
                        "the first frame");
                Instant until = Instant.now().plusSeconds(seconds);
                Waits.until(Duration.ofSeconds(seconds + 10), () -> Instant.now().isAfter(until), "the recording");
                relay.close("sync", "done");
                Waits.until(Duration.ofSeconds(30), () -> relay.closed.containsKey("sync"), "the close");
                Closed closed = relay.closed.get("sync");
                Path file = worker.output().resolve(closed.files().get(0).path());
                RecordingProbe.Result result = new RecordingProbe("ffprobe").probe(file);
                return MediaSignatures.syncOffsetsMillis(
                        MediaSignatures.flashOnsets(file, result.stream("video").start(), 30),
                        MediaSignatures.beepOnsets(file, result.stream("audio").start()));
            }
        });
    }
}

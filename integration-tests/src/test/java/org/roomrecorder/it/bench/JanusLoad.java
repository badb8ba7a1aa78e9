package org.roomrecorder.it.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.it.Signatures;
import org.roomrecorder.it.TestNetwork;
import org.roomrecorder.it.WorkerProcess;
import org.roomrecorder.it.janus.JanusClient;
import org.roomrecorder.it.janus.JanusPublisher;
import org.roomrecorder.it.janus.JanusPublishers;
import org.roomrecorder.it.janus.JanusServer;
import org.roomrecorder.protocol.RecordedFile;
import org.roomrecorder.protocol.RecordingOptions;

/**
 * One run of N concurrent recordings whose streams come through real Janus, as in production, where the publishers
 * are remote browsers: K webrtc-java publishers send {@code width x height} VP8 at 30 fps and Opus into one VideoRoom
 * room, each with its own tone and colour, and session i of the worker records publisher i mod K through a VideoRoom
 * subscription of its own; the test plays the plugin ({@link JanusRelay}). Janus forwards the packets without
 * decoding them, so the cores the farm's N encoders took in {@link WorkerLoad#measure} go to the recorder; K encoders
 * and Janus remain, measured apart. Then it measures what {@link WorkerLoad#window} measures.
 *
 * <p>The first run that records every publisher also checks, after its window, that each session's file holds its
 * own publisher's tone and colour, and prints what it found: a fan-out that mixed up subscriptions would otherwise
 * pass for capacity.
 */
final class JanusLoad {
    private static final String ROOM = "capacity";
    /**
     * No REMB cap from Janus: the publishers send what their own congestion control allows, as they do straight to the
     * worker, not the modest bitrate of the join storm.
     */
    private static final int NO_BITRATE_CAP = 0;
    private static final int FRAME_RATE = 30;
    private static final Duration JANUS_TIMEOUT = Duration.ofSeconds(30);
    /** The opens and subscriptions of many sessions at once on a busy machine. */
    private static final Duration SUBSCRIBED_WITHIN = Duration.ofSeconds(60);
    /** Where in each file the check reads its signature: past the first frames, inside the 5 s warm-up. */
    private static final double SIGNATURE_AT = 3.0;

    private final int publishers;
    private boolean signaturesChecked;

    /** @param publishers K, at most {@link Signatures#COUNT}, so that each has a signature of its own */
    JanusLoad(int publishers) {
        if (publishers < 1 || publishers > Signatures.COUNT) {
            throw new IllegalArgumentException("publishers: 1 to " + Signatures.COUNT + ", not " + publishers);
        }
        this.publishers = publishers;
    }

    WorkerLoad.Result measure(WorkerLoad.Video video, int count, int seconds) throws Exception {
        return RunDirectory.run("rr-janus-load", dir -> {
            try (TestNetwork network = new TestNetwork();
                    WorkerProcess worker = WorkerLoad.startWorker(network, dir, count);
                    JanusServer janus = JanusServer.start(network, dir.resolve("janus"),
                            new JanusServer.Settings(List.of(ROOM), publishers, NO_BITRATE_CAP, null));
                    JanusPublishers farm = JanusPublishers.start(janus, network, dir.resolve("farm.log"), FRAME_RATE,
                            video.width(), video.height());
                    JanusClient api = JanusClient.connect(janus.bridgedApiUri(), JANUS_TIMEOUT);
                    JanusRelay relay = new JanusRelay(worker, api)) {
                List<JanusPublisher> room = new ArrayList<>();
                for (int p = 0; p < publishers; p++) {
                    room.add(farm.create(ROOM, "p" + p, "Publisher " + p, Signatures.tone(p), Signatures.colour(p)));
                }
                farm.publishAll(room, JANUS_TIMEOUT);
                List<CompletableFuture<Void>> subscribed = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    subscribed.add(relay.record(WorkerLoad.session(i), WorkerLoad.CONFERENCE, room.get(i % publishers),
                            RecordingOptions.defaults()));
                }
                CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new))
                        .get(SUBSCRIBED_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
                WorkerLoad.Result result = WorkerLoad.window(worker, relay, video, count, seconds, farm.farmPid(),
                        OptionalLong.of(janus.pid()));
                if (!signaturesChecked && count >= publishers) {
                    System.out.println(signatures(worker, relay, count));
                    signaturesChecked = true;
                }
                return result;
            }
        });
    }

    /** Ends every session and reads each file's signature: a line saying whether each holds its own publisher's. */
    private String signatures(WorkerProcess worker, JanusRelay relay, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            relay.close(WorkerLoad.session(i), "the capacity run is over");
        }
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = WorkerLoad.session(i);
            List<RecordedFile> files = relay.awaitClosed(id).files();
            if (files.isEmpty()) {
                wrong.add(id + ": no file");
                continue;
            }
            try {
                Signatures.assertHolds(worker.output().resolve(files.get(0).path()), i % publishers, SIGNATURE_AT);
            } catch (AssertionError e) {
                wrong.add(id + " (publisher p" + i % publishers + "): " + e.getMessage());
            }
        }
        return wrong.isEmpty()
                ? "signatures: each of the " + count + " files holds its own publisher's tone and colour"
                : "signatures: WRONG in " + wrong.size() + " of " + count + " files: " + String.join("; ", wrong);
    }
}

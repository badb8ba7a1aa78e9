package org.roomrecorder.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.protocol.Answer;
import org.roomrecorder.protocol.FrameFuzzer;
import org.roomrecorder.protocol.Offer;
import org.roomrecorder.protocol.SampleMessages;
import org.roomrecorder.protocol.ToPlugin;

/**
 * A seeded stream of hostile frames against a live server, while a well-behaved plugin keeps negotiating on
 * another connection. Replay a failure with {@code -Drr.fuzz.seed=N}; scale with {@code -Drr.fuzz.frames=N}.
 */
class TransportFuzzTest {
    private static final long SEED = Long.getLong("rr.fuzz.seed", 20261123L);
    private static final int FRAMES = Integer.getInteger("rr.fuzz.frames", 100_000);

    @TempDir
    Path dir;

    @Test
    void hostileFramesNeitherCrashTheServerNorDisturbAWellBehavedClient() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        ListAppender<ILoggingEvent> logs = TransportTest.captureLogs();
        // Every refused frame is a WARN line (rate-limited per connection); only ERRORs matter here.
        ch.qos.logback.classic.Logger connectionLog =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Connection.class);
        connectionLog.setLevel(Level.ERROR);
        Path socket = dir.resolve("w.sock");
        try (TestWorker worker = new TestWorker(socket, TransportConfig.defaults());
                ProtocolClient client = new ProtocolClient(TransportConfig.defaults(), "good-plugin")) {
            RecordingListener<ToPlugin> good = new RecordingListener<>();
            Connection<ToPlugin> goodConnection = client.connect(socket, good).connection();
            AtomicBoolean fuzzing = new AtomicBoolean(true);
            AtomicInteger goodRoundTrips = new AtomicInteger();
            AtomicReference<String> goodFailure = new AtomicReference<>();
            Thread wellBehaved = new Thread(() -> {
                try {
                    for (int i = 0; fuzzing.get(); i++) {
                        Offer offer = new Offer("good-" + i, SampleMessages.SDP);
                        goodConnection.send(offer);
                        ToPlugin reply = good.messages.poll(5, TimeUnit.SECONDS);
                        if (!new Answer(offer.session(), offer.sdp()).equals(reply)) {
                            goodFailure.set("round trip " + i + " got " + reply);
                            return;
                        }
                        goodRoundTrips.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    goodFailure.set("interrupted");
                }
            }, "well-behaved-plugin");
            wellBehaved.start();

            SocketFuzzer fuzzer = new SocketFuzzer(socket, new FrameFuzzer(SEED));
            long started = System.nanoTime();
            fuzzer.run(FRAMES);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            fuzzing.set(false);
            wellBehaved.join(10_000);

            assertEquals(null, goodFailure.get());
            assertTrue(goodRoundTrips.get() > 100, "the good client kept working: " + goodRoundTrips.get());
            assertTrue(goodConnection.isOpen(), "the good connection survived");
            assertTrue(fuzzer.sent() >= FRAMES, "frames sent: " + fuzzer.sent());
            assertTrue(fuzzer.connections() > 10, "boundary-breaking frames forced reconnects: " + fuzzer.connections());
            assertEquals(List.of(), uncaught);
            assertEquals(List.of(), logs.list.stream().filter(e -> e.getLevel() == Level.ERROR)
                    .map(ILoggingEvent::getFormattedMessage).toList());
            RecordingListener<ToPlugin> late = new RecordingListener<>();
            client.connect(socket, late).connection().send(new Offer("late", "v=0"));
            assertEquals(new Answer("late", "v=0"), late.take());
            System.out.printf("fuzz: %d frames over %d connections in %d ms (seed %d), %d good round trips%n",
                    fuzzer.sent(), fuzzer.connections(), millis, SEED, goodRoundTrips.get());
        } finally {
            TransportTest.releaseLogs(logs);
            connectionLog.setLevel(null);
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }
}

package org.roomrecorder.worker.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.roomrecorder.protocol.RecordingOptions;
import org.roomrecorder.worker.probe.RecordingProbe;

/**
 * What the worker's FFmpeg child costs per recording, apart from webrtc-java, decoding and the JVM: the exact
 * command of {@link EncoderSettings}, fed as the worker feeds it (raw 640x360 I420 and 48 kHz mono PCM, each
 * through its own FIFO), for VP8 with the default options and H.264 with otherwise default options.
 *
 * <ul>
 *   <li>real time: {@code streams} encoders at once, each fed by two threads of its own at the real pace (30
 *       frames and 100 chunks of 10 ms per second, by absolute deadlines); after a warm-up, each FFmpeg's CPU
 *       over {@code seconds}, in % of one core; whether every feeder had written all that was due by the end,
 *       and how many frames and chunks went late (FFmpeg behind, its pipe full);</li>
 *   <li>batch: one encoder fed the same media, {@code seconds} of it, as fast as its pipes take it; its CPU from
 *       start to exit per second of media, in % of one core. FFmpeg's start and the file's end count in it once,
 *       as they do once per segment in the worker: a few seconds of media overstate the steady cost.</li>
 * </ul>
 * Both matter: in real time FFmpeg wakes for every frame and packet, which costs more than the same work in one go.
 * Every file is checked with ffprobe; a run fails, keeping its files, if one is not what was fed.
 *
 * <p>Usage: {@code EncoderBench [streams=8] [seconds=20] [runs=3]}; prints every run, the medians per codec and
 * the H.264/VP8 ratios of the same runs.
 */
public final class EncoderBench {
    /** The worker's default (reference.conf): Debian's ffmpeg on the PATH. */
    private static final String FFMPEG = "ffmpeg";
    private static final int WARMUP_SECONDS = 3;
    /** Fed after the window measured in real time, so that no FFmpeg finishes its file before the last reading. */
    private static final int TAIL_SECONDS = 1;
    private static final int CHUNKS_PER_SECOND = 100;
    /** A frame or chunk is late when its write starts a frame interval (at 30 fps) after its deadline. */
    private static final long LATE_NANOS = 1_000_000_000L / 30;
    private static final long TICKS_PER_SECOND = Long.parseLong(run(List.of("getconf", "CLK_TCK")));
    /** By how much a file's frame count and duration may differ from what it was fed. */
    private static final double TOLERANCE = 0.03;
    private static final RecordingProbe PROBE = new RecordingProbe("ffprobe");
    private static final ExecutorService FEEDERS = Executors.newCachedThreadPool();

    /**
     * CPU per stream in % of one core, its mean, least and most; keptUp when every feeder had written all it was
     * due by the window's end; late: frames and chunks of all streams written late.
     */
    private record RealTime(double percent, double min, double max, boolean keptUp, long late) {
    }

    /** CPU in % of one core per second of media; speed: seconds of media per second. */
    private record Batch(double percent, double speed) {
    }

    private record Result(RealTime realTime, Batch batch) {
    }

    /** One FFmpeg child and its two FIFOs, opened here for reading and writing, which never waits for FFmpeg. */
    private record Encoder(Process process, FileChannel video, FileChannel audio, Path file, Path log) {
    }

    /**
     * rate: frames or chunks per second; late: how many it began to write more than LATE_NANOS after their
     * deadline, the pipe being full.
     */
    private record Feeder(Encoder encoder, Future<?> done, int rate, AtomicLong written, AtomicLong late) {
    }

    public static void main(String[] args) throws Exception {
        int streams = argument(args, 0, "streams", 8, 64);
        int seconds = argument(args, 1, "seconds", 20, 3600);
        int runs = argument(args, 2, "runs", 3, 100);
        RecordingOptions vp8 = RecordingOptions.defaults();
        // H.264 cannot go into WebM: Matroska, as the defaults have it anyway.
        RecordingOptions h264 = new RecordingOptions(vp8.audio(), vp8.video(), RecordingOptions.Container.MKV,
                RecordingOptions.VideoCodec.H264, vp8.videoBitrateKbps(), vp8.frameRate(), vp8.maxWidth(),
                vp8.maxHeight(), vp8.segmentSeconds(), vp8.maxDurationSeconds(), vp8.fileNameTemplate());
        List<EncoderSettings> variants = new ArrayList<>();
        for (RecordingOptions options : List.of(vp8, h264)) {
            variants.add(new EncoderSettings(FFMPEG, options,
                    Geometry.fitting(640, 360, options.maxWidth(), options.maxHeight())));
            System.out.println(String.join(" ", variants.get(variants.size() - 1).command("VIDEO_FIFO", "AUDIO_FIFO",
                    "OUTPUT")));
        }
        System.out.printf(Locale.ROOT, "%d streams in real time, %d s warm-up then %d s measured; batch %d s of"
                + " media; CPU in %% of one core%n", streams, WARMUP_SECONDS, seconds, seconds);
        System.out.printf(Locale.ROOT, "%-7s %-8s %26s %8s %6s %8s %8s%n", "run", "codec", "real time/stream (range)",
                "kept up", "late", "batch", "speed");
        List<List<Result>> results = List.of(new ArrayList<>(), new ArrayList<>());
        for (int run = 1; run <= runs; run++) {
            Path dir = Files.createTempDirectory("rr-encoder-bench-");
            try {
                for (int v = 0; v < variants.size(); v++) {
                    Result result = new Result(realTime(variants.get(v), streams, seconds, dir),
                            batch(variants.get(v), seconds, dir));
                    results.get(v).add(result);
                    print(String.valueOf(run), variants.get(v).videoCodecOut(), result);
                }
            } catch (Exception e) {
                e.printStackTrace();
                System.err.println("encoder bench failed in run " + run + "; its files are kept in " + dir);
                System.exit(1);
            }
            delete(dir);
            printRatio(String.valueOf(run), results.get(0).subList(run - 1, run), results.get(1).subList(run - 1, run));
        }
        for (int v = 0; v < variants.size(); v++) {
            List<Result> r = results.get(v);
            print("median", variants.get(v).videoCodecOut(), new Result(
                    new RealTime(median(r, x -> x.realTime().percent()), median(r, x -> x.realTime().min()),
                            median(r, x -> x.realTime().max()), r.stream().allMatch(x -> x.realTime().keptUp()),
                            Math.round(median(r, x -> x.realTime().late()))),
                    new Batch(median(r, x -> x.batch().percent()), median(r, x -> x.batch().speed()))));
        }
        printRatio("median", results.get(0), results.get(1));
        FEEDERS.shutdown();
    }

    private static int argument(String[] args, int index, String name, int fallback, int max) {
        if (args.length <= index) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(args[index]);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below, as an out-of-range value is.
        }
        System.err.printf("usage: EncoderBench [streams=8] [seconds=20] [runs=3]: %s must be a whole number from 1"
                + " to %d, not '%s'%n", name, max, args[index]);
        System.exit(2);
        return fallback;
    }

    private static RealTime realTime(EncoderSettings settings, int streams, int seconds, Path dir) throws Exception {
        int fed = WARMUP_SECONDS + seconds + TAIL_SECONDS;
        List<String> names = IntStream.range(0, streams).mapToObj(i -> settings.videoCodecOut() + "-" + i).toList();
        makeFifos(dir, names);
        List<Encoder> encoders = new ArrayList<>();
        try {
            for (String name : names) {
                encoders.add(start(settings, dir, name));
            }
            // The first deadline after every FFmpeg has started, so no feeder begins behind.
            long start = System.nanoTime() + 100_000_000L;
            List<Feeder> feeders = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                feeders.addAll(feed(encoders.get(i), settings, i, fed, start, true));
            }
            ToLongFunction<Encoder> cpuTicks = e -> ticks(String.valueOf(e.process().pid()), 11);
            ToLongFunction<List<Feeder>> late = list -> list.stream().mapToLong(f -> f.late().get()).sum();
            sleepUntil(start + WARMUP_SECONDS * 1_000_000_000L);
            long[] before = encoders.stream().mapToLong(cpuTicks).toArray();
            long lateBefore = late.applyAsLong(feeders);
            sleepUntil(start + (WARMUP_SECONDS + seconds) * 1_000_000_000L);
            long[] after = encoders.stream().mapToLong(cpuTicks).toArray();
            long lateInWindow = late.applyAsLong(feeders) - lateBefore;
            // The last frame or chunk due may still be on its way into the pipe.
            boolean keptUp = feeders.stream()
                    .allMatch(f -> f.written().get() >= (long) (WARMUP_SECONDS + seconds) * f.rate() - 1);
            join(feeders);
            DoubleSummaryStatistics cpu = IntStream.range(0, streams)
                    .mapToDouble(i -> (after[i] - before[i]) * 100.0 / TICKS_PER_SECOND / seconds).summaryStatistics();
            for (Encoder encoder : encoders) {
                finish(encoder);
                validate(encoder, settings, fed);
            }
            return new RealTime(cpu.getAverage(), cpu.getMin(), cpu.getMax(), keptUp, lateInWindow);
        } finally {
            encoders.forEach(e -> e.process().destroyForcibly());
        }
    }

    private static Batch batch(EncoderSettings settings, int seconds, Path dir) throws Exception {
        String name = settings.videoCodecOut() + "-batch";
        makeFifos(dir, List.of(name));
        // FFmpeg's CPU from start to exit, as the JVM's waited-for children's: nothing is lost between a last
        // reading of /proc/PID and the exit. mkfifo was waited for before, ffprobe runs after.
        long ticksBefore = ticks("self", 13);
        long start = System.nanoTime();
        Encoder encoder = start(settings, dir, name);
        try {
            join(feed(encoder, settings, 0, seconds, start, false));
            finish(encoder);
            double wallSeconds = (System.nanoTime() - start) / 1e9;
            double percent = (ticks("self", 13) - ticksBefore) * 100.0 / TICKS_PER_SECOND / seconds;
            validate(encoder, settings, seconds);
            return new Batch(percent, seconds / wallSeconds);
        } finally {
            encoder.process().destroyForcibly();
        }
    }

    /** Starts FFmpeg on the FIFOs {@code name}.yuv and .pcm in {@code dir}, writing {@code name}.mkv or .webm. */
    private static Encoder start(EncoderSettings settings, Path dir, String name) throws IOException {
        Path videoFifo = dir.resolve(name + ".yuv");
        Path audioFifo = dir.resolve(name + ".pcm");
        FileChannel video = FileChannel.open(videoFifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileChannel audio = FileChannel.open(audioFifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Path file = dir.resolve(name + "." + settings.extension());
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(settings.command(videoFifo.toString(), audioFifo.toString(),
                file.toString()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(log.toFile())
                .start();
        // This side holds a read end too, so a write into a dead FFmpeg's full pipe would wait forever: closing
        // the channels when it exits makes the feeder's write fail instead.
        process.onExit().thenRun(() -> {
            try (video; audio) {
                // Closed on leaving.
            } catch (IOException e) {
                // Closing is all there is to do with them.
            }
        });
        return new Encoder(process, video, audio, file, log);
    }

    /**
     * Feeds stream i's video and audio to {@code encoder}, {@code seconds} of each, on threads of their own: paced,
     * frame or chunk n is due at start + n / rate; else as fast as the pipes take them.
     */
    private static List<Feeder> feed(Encoder encoder, EncoderSettings settings, int stream, int seconds, long start,
            boolean paced) {
        int fps = settings.options().frameRate();
        return List.of(feed(encoder, encoder.video(), video(settings.geometry(), stream), fps, seconds, start, paced),
                feed(encoder, encoder.audio(), tone(stream), CHUNKS_PER_SECOND, seconds, start, paced));
    }

    private static Feeder feed(Encoder encoder, FileChannel out, LongFunction<ByteBuffer> source, int rate,
            int seconds, long start, boolean paced) {
        AtomicLong written = new AtomicLong();
        AtomicLong late = new AtomicLong();
        Future<?> done = FEEDERS.submit(() -> {
            try (out) { // closing it ends FFmpeg's input
                for (long n = 0; n < (long) seconds * rate; n++) {
                    if (paced && sleepUntil(start + n * 1_000_000_000L / rate) > LATE_NANOS) {
                        late.incrementAndGet();
                    }
                    ByteBuffer buffer = source.apply(n);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    written.incrementAndGet();
                }
            }
            return null;
        });
        return new Feeder(encoder, done, rate, written, late);
    }

    /** Waits for the feeders to finish. */
    private static void join(List<Feeder> feeders) throws Exception {
        for (Feeder feeder : feeders) {
            try {
                feeder.done().get();
            } catch (ExecutionException e) {
                finish(feeder.encoder()); // FFmpeg's own failure, if it died, says more than the broken pipe
                throw new IOException("feeding " + feeder.encoder().file() + " failed", e.getCause());
            }
        }
    }

    /** Frame n of stream i: its own solid colour with a 64x64 box slightly brighter, moving as in PublisherFarm. */
    private static LongFunction<ByteBuffer> video(Geometry geometry, int stream) {
        int width = geometry.width();
        int height = geometry.height();
        int luma = 50 + 17 * stream % 150;
        ByteBuffer frame = ByteBuffer.allocateDirect(geometry.frameBytes());
        fill(frame, 0, width * height, luma);
        fill(frame, width * height, width * height / 4, 90 + 29 * stream % 80);
        fill(frame, width * height * 5 / 4, width * height / 4, 170 - 29 * stream % 80);
        int[] box = {0, 0};
        return n -> {
            // Only the box changes: paint its old place back, then its new one.
            for (int r = box[1]; r < box[1] + 64; r++) {
                fill(frame, r * width + box[0], 64, luma);
            }
            box[0] = (int) (n * 4 % (width - 64));
            box[1] = (int) (n * 2 % (height - 64));
            for (int r = box[1]; r < box[1] + 64; r++) {
                fill(frame, r * width + box[0], 64, Math.min(235, luma + 20));
            }
            return frame.clear();
        };
    }

    private static void fill(ByteBuffer buffer, int from, int count, int value) {
        for (int i = from; i < from + count; i++) {
            buffer.put(i, (byte) value);
        }
    }

    /** Chunk n (10 ms, s16le) of stream i's sine: a whole number of hertz, so one second of it repeats exactly. */
    private static LongFunction<ByteBuffer> tone(int stream) {
        int rate = AudioClock.SAMPLE_RATE;
        int hertz = 300 + 50 * stream;
        ByteBuffer second = ByteBuffer.allocateDirect(2 * rate).order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < rate; s++) {
            second.putShort((short) (8000 * Math.sin(2 * Math.PI * hertz * s / rate)));
        }
        int chunkBytes = 2 * rate / CHUNKS_PER_SECOND;
        return n -> second.slice((int) (n % CHUNKS_PER_SECOND) * chunkBytes, chunkBytes);
    }

    /** Waits for FFmpeg to finish its file after both inputs closed; throws, with its last words, if it failed. */
    private static void finish(Encoder encoder) throws IOException, InterruptedException {
        if (!encoder.process().waitFor(60, TimeUnit.SECONDS)) {
            throw new IOException("ffmpeg did not finish " + encoder.file() + " within 60 s");
        }
        if (encoder.process().exitValue() != 0) {
            List<String> log = Files.readAllLines(encoder.log());
            throw new IOException("ffmpeg writing " + encoder.file() + " exited with " + encoder.process().exitValue()
                    + (log.isEmpty() ? "" : ": " + log.get(log.size() - 1)));
        }
    }

    /** Throws unless the file has the codecs, size, frames and duration it was fed. */
    private static void validate(Encoder encoder, EncoderSettings settings, int seconds) throws Exception {
        RecordingProbe.Result probe = PROBE.probe(encoder.file());
        RecordingProbe.Stream video = probe.stream("video");
        RecordingProbe.Stream audio = probe.stream("audio");
        long frames = (long) seconds * settings.options().frameRate();
        Geometry geometry = settings.geometry();
        if (!probe.valid() || video == null || audio == null
                || !video.codec().equals(settings.videoCodecOut()) || !audio.codec().equals("opus")
                || video.width() != geometry.width() || video.height() != geometry.height()
                || Math.abs(video.packets() - frames) > frames * TOLERANCE
                || Math.abs(probe.duration() - seconds) > seconds * TOLERANCE) {
            throw new IOException(String.format(Locale.ROOT, "%s is not what it was fed (%s %s, %d frames, %d s): %s",
                    encoder.file(), settings.videoCodecOut(), geometry, frames, seconds, probe));
        }
    }

    private static void makeFifos(Path dir, List<String> names) {
        List<String> command = new ArrayList<>(List.of("mkfifo"));
        for (String name : names) {
            command.add(dir.resolve(name + ".yuv").toString());
            command.add(dir.resolve(name + ".pcm").toString());
        }
        run(command);
    }

    /** Waits until System.nanoTime() reaches {@code deadline}; returns by how many nanoseconds it had passed it. */
    private static long sleepUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
        return -wait;
    }

    /**
     * Fields {@code field} and the next of /proc/PID/stat, counted after the command name (which may hold spaces)
     * from the state on: 11 for utime + stime of a live process, 13 for cutime + cstime of its waited-for children.
     */
    private static long ticks(String pid, int field) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[field]) + Long.parseLong(f[field + 1]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void print(String run, String codec, Result r) {
        RealTime t = r.realTime();
        System.out.printf(Locale.ROOT, "%-7s %-8s %26s %8s %6d %7.2f%% %7.1fx%n", run, codec,
                String.format(Locale.ROOT, "%.2f%% (%.2f..%.2f)", t.percent(), t.min(), t.max()),
                t.keptUp() ? "yes" : "NO", t.late(), r.batch().percent(), r.batch().speed());
    }

    /** H.264 over VP8, real time and batch: the median of each run's own ratio. */
    private static void printRatio(String run, List<Result> vp8, List<Result> h264) {
        List<double[]> ratios = new ArrayList<>();
        for (int i = 0; i < vp8.size(); i++) {
            ratios.add(new double[] {h264.get(i).realTime().percent() / vp8.get(i).realTime().percent(),
                    h264.get(i).batch().percent() / vp8.get(i).batch().percent()});
        }
        System.out.printf(Locale.ROOT, "%-7s %-8s %25.2fx %29.2fx%n", run, "h264/vp8", median(ratios, r -> r[0]),
                median(ratios, r -> r[1]));
    }

    private static <T> double median(List<T> items, ToDoubleFunction<T> field) {
        double[] v = items.stream().mapToDouble(field).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

package org.roomrecorder.it.janus;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.roomrecorder.worker.media.MediaSignatures;

/**
 * One stream of a publisher as Janus's own recorder wrote it ({@code record = true}): the RTP packets as they
 * arrived, in an {@code .mjr} file, and that file turned into a playable one by {@code janus-pp-rec} (Debian's
 * janus-tools). The converted file's time 0 is the stream's first packet, which the header dates: that is what lines
 * a publisher's audio and video up, as they were sent, independently of anything room-recorder does.
 *
 * @param media       the playable file, timed by the packets' RTP timestamps from the first packet on
 * @param firstPacket when Janus wrote the stream's first packet
 */
public record JanusRecording(Path media, Instant firstPacket) {
    private static final double OPUS_FRAME_SECONDS = 0.020;

    /** The {@code .mjr} of {@code kind} (audio or video) that Janus wrote for the publisher {@code id}. */
    public static Path find(Path recordings, String id, String kind) throws IOException {
        try (Stream<Path> files = Files.list(recordings)) {
            List<Path> found = files.filter(f -> {
                String name = f.getFileName().toString();
                return name.contains("-user-" + id + "-") && name.contains("-" + kind) && name.endsWith(".mjr");
            }).toList();
            if (found.size() != 1) {
                throw new IOException("expected one " + kind + " .mjr of " + id + " in " + recordings + ": " + found);
            }
            return found.get(0);
        }
    }

    /**
     * A/V offsets of a beep-and-flash publisher as Janus received it: for each flash, the nearest beep's onset minus
     * the flash's, in milliseconds (positive: audio later), with the two streams lined up by their first packets.
     * A first audio packet leaves only once its 20 ms Opus frame is complete, so the audio starts that much before
     * it arrived; a first video packet leaves as soon as its frame is encoded, a few milliseconds after capture.
     * What a recording of the same publisher shows beyond this, the recording chain added.
     */
    public static List<Double> sentSyncOffsetsMillis(Path recordings, String id, Path workDir, int frameRate)
            throws IOException {
        JanusRecording audio = convert(find(recordings, id, "audio"), workDir.resolve(id + "-sent-audio.opus"));
        JanusRecording video = convert(find(recordings, id, "video"), workDir.resolve(id + "-sent-video.webm"));
        double videoAfterAudio = Duration.between(audio.firstPacket(), video.firstPacket()).toNanos() / 1e9
                + OPUS_FRAME_SECONDS;
        return MediaSignatures.syncOffsetsMillis(MediaSignatures.flashOnsets(video.media(), videoAfterAudio, frameRate),
                MediaSignatures.beepOnsets(audio.media(), 0));
    }

    /** Converts {@code mjr} into {@code media} (its extension picks the container) and reads its header. */
    public static JanusRecording convert(Path mjr, Path media) throws IOException {
        JsonNode header = JanusClient.JSON.readTree(run("janus-pp-rec", "--json", "--debug-level", "0", mjr.toString()));
        long firstPacketMicros = header.path("u").asLong(0);
        if (firstPacketMicros <= 0) {
            throw new IOException("no first-packet time in the header of " + mjr + ": " + header);
        }
        run("janus-pp-rec", "--debug-level", "0", mjr.toString(), media.toString());
        if (!Files.isRegularFile(media)) {
            throw new IOException("janus-pp-rec made no " + media);
        }
        return new JanusRecording(media, Instant.ofEpochSecond(0, firstPacketMicros * 1000));
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}

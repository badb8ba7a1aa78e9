package org.roomrecorder.worker.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Reads a recording's content back with ffmpeg, so tests can tell whose media a file holds: the dominant tone of
 * its audio and the average colour of its video. Each synthetic publisher has its own tone and colour.
 */
public final class MediaSignatures {
    private MediaSignatures() {
    }

    /** The strongest frequency between 100 and 3,000 Hz (5 Hz steps) in [from, from + seconds). */
    public static double dominantFrequency(Path file, double from, double seconds) throws IOException {
        short[] samples = audio(file, from, seconds);
        double best = 0;
        double bestPower = -1;
        for (double f = 100; f <= 3000; f += 5) {
            double power = goertzel(samples, f, 48_000);
            if (power > bestPower) {
                bestPower = power;
                best = f;
            }
        }
        return best;
    }

    /** Mono 48 kHz samples of [from, from + seconds). */
    public static short[] audio(Path file, double from, double seconds) throws IOException {
        byte[] pcm = ffmpeg("-ss", fmt(from), "-t", fmt(seconds), "-i", file.toString(), "-map", "0:a:0",
                "-f", "s16le", "-ac", "1", "-ar", "48000", "-");
        short[] samples = new short[pcm.length / 2];
        ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    /** Average Y, U and V of the frame at {@code at} seconds. */
    public static int[] meanYuv(Path file, double at) throws IOException {
        return meanYuv(file, at, "null");
    }

    /** Average Y, U and V of the frame at {@code at} seconds after an ffmpeg filter, for example a crop. */
    public static int[] meanYuv(Path file, double at, String filter) throws IOException {
        byte[] frame = ffmpeg("-ss", fmt(at), "-i", file.toString(), "-map", "0:v:0", "-frames:v", "1",
                "-vf", filter + ",scale=64:36", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-");
        int ySize = 64 * 36;
        return new int[] {mean(frame, 0, ySize), mean(frame, ySize, ySize / 4), mean(frame, ySize + ySize / 4, ySize / 4)};
    }

    /**
     * When each beep starts, in seconds of the file: the first 5 ms window loud enough after at least 300 ms of
     * quiet. {@code audioStart} is the audio stream's first timestamp.
     */
    public static java.util.List<Double> beepOnsets(Path file, double audioStart) throws IOException {
        short[] samples = audio(file, 0, 3600);
        java.util.List<Double> onsets = new java.util.ArrayList<>();
        int window = 240;
        int quietWindows = 0;
        for (int w = 0; (w + 1) * window <= samples.length; w++) {
            double sum = 0;
            for (int i = w * window; i < (w + 1) * window; i++) {
                sum += samples[i] * (double) samples[i];
            }
            boolean loud = Math.sqrt(sum / window) > 1000;
            if (loud && quietWindows >= 60) {
                onsets.add(audioStart + w * window / 48_000.0);
            }
            quietWindows = loud ? 0 : quietWindows + 1;
        }
        return onsets;
    }

    /**
     * When each white flash of the frame's centre quarter starts, in seconds of the file. The video is read at
     * {@code frameRate} from its first frame on, so a file with a variable frame rate (as a media server's own
     * recording is) is timed right too.
     */
    public static java.util.List<Double> flashOnsets(Path file, double videoStart, int frameRate) throws IOException {
        byte[] frames = ffmpeg("-i", file.toString(), "-map", "0:v:0", "-vf", "fps=" + frameRate
                + ",crop=iw/4:ih/4:iw*3/8:ih*3/8,scale=16:16,format=gray", "-f", "rawvideo", "-");
        java.util.List<Double> onsets = new java.util.ArrayList<>();
        boolean wasBright = true;
        for (int f = 0; (f + 1) * 256 <= frames.length; f++) {
            boolean bright = mean(frames, f * 256, 256) > 128;
            if (bright && !wasBright) {
                onsets.add(videoStart + f / (double) frameRate);
            }
            wasBright = bright;
        }
        return onsets;
    }

    /** For each flash, the nearest beep's onset minus the flash's, in milliseconds: positive when audio is late. */
    public static java.util.List<Double> syncOffsetsMillis(java.util.List<Double> flashes, java.util.List<Double> beeps) {
        java.util.List<Double> offsets = new java.util.ArrayList<>();
        for (double flash : flashes) {
            beeps.stream().min(java.util.Comparator.comparingDouble(b -> Math.abs(b - flash)))
                    .ifPresent(beep -> offsets.add((beep - flash) * 1000));
        }
        return offsets;
    }

    private static int mean(byte[] data, int from, int count) {
        long sum = 0;
        for (int i = from; i < from + count; i++) {
            sum += data[i] & 0xff;
        }
        return (int) (sum / count);
    }

    private static double goertzel(short[] samples, double frequency, int rate) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / rate);
        double s1 = 0;
        double s2 = 0;
        for (short sample : samples) {
            double s0 = sample + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }

    static byte[] ffmpeg(String... arguments) throws IOException {
        String[] command = new String[arguments.length + 3];
        command[0] = "ffmpeg";
        command[1] = "-v";
        command[2] = "error";
        System.arraycopy(arguments, 0, command, 3, arguments.length);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("ffmpeg " + String.join(" ", arguments) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }
}

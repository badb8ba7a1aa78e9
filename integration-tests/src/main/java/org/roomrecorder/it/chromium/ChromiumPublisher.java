package org.roomrecorder.it.chromium;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.it.TestNetwork;
import org.roomrecorder.protocol.transport.Waits;

/**
 * Headless Chromium publishing into a Janus VideoRoom through Janus's own JavaScript client (Debian's
 * {@code libjs-janus-gateway}, with {@code libjs-webrtc-adapter}). Either way ({@link Source}) the centre of a black
 * picture flashes white and a 1 kHz tone beeps, both for the first 100 ms of every second. Chromium runs inside
 * the test network; the page reports its progress on the console ({@code RR <event>}), which Chromium writes to its
 * log.
 */
public final class ChromiumPublisher implements AutoCloseable {
    /**
     * Where the media comes from: Chromium's fake camera and microphone reading the files made here, or a canvas and
     * an oscillator in the page that flash and beep by the page's audio clock. Chromium delivers the fake camera's
     * file about 2 % slow, so only the page's media keep flash and beep together for A/V sync measurements.
     */
    public enum Source { DEVICES, PAGE }

    private static final Path JANUS_JS = Path.of("/usr/share/javascript/janus-gateway/janus.js");
    private static final Path ADAPTER_JS = Path.of("/usr/share/javascript/webrtc-adapter/adapter.js");
    private static final String CONSOLE_MARK = "\"RR ";

    private final Process process;
    private final List<String> events = new CopyOnWriteArrayList<>();

    private ChromiumPublisher(Process process) {
        this.process = process;
    }

    /**
     * Starts publishing {@code id} into {@code room}; returns at once. Files (media, page, profile, log) go to
     * {@code dir}.
     */
    public static ChromiumPublisher start(TestNetwork network, Path dir, URI janusApi, String room, String id,
            String display, Source source) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path video = dir.resolve("flash.y4m");
        Path audio = dir.resolve("beep.wav");
        // Two seconds loop seamlessly: Chromium repeats both files, and each holds exactly two flashes and beeps.
        // 25 fps, because Chromium paces a file in whole milliseconds per frame: at 30 fps (34 ms) its video runs 2 %
        // slow and the flashes drift from the beeps by 20 ms a second; 40 ms is exact.
        ffmpeg("-f", "lavfi", "-i", "color=black:s=320x180:r=25,drawbox=x=120:y=68:w=80:h=44:c=white:t=fill"
                + ":enable='lt(mod(t\\,1)\\,0.1)'", "-t", "2", "-pix_fmt", "yuv420p", video.toString());
        ffmpeg("-f", "lavfi", "-i", "sine=f=1000:sample_rate=48000,volume=volume=0:enable='gte(mod(t\\,1)\\,0.1)'",
                "-t", "2", "-ac", "1", audio.toString());
        Files.copy(JANUS_JS, dir.resolve("janus.js"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(ADAPTER_JS, dir.resolve("adapter.js"), StandardCopyOption.REPLACE_EXISTING);
        try (InputStream page = ChromiumPublisher.class.getResourceAsStream("/chromium/publish.html")) {
            Files.copy(page, dir.resolve("publish.html"), StandardCopyOption.REPLACE_EXISTING);
        }
        String url = dir.resolve("publish.html").toUri() + "#server=" + encode(janusApi.toString()) + "&room="
                + encode(room) + "&id=" + encode(id) + "&display=" + encode(display) + "&source="
                + source.name().toLowerCase(java.util.Locale.ROOT);
        List<String> chromium = List.of("chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + dir.resolve("profile"), "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream", "--use-file-for-fake-video-capture=" + video,
                "--use-file-for-fake-audio-capture=" + audio, "--allow-loopback-in-peer-connection",
                "--autoplay-policy=no-user-gesture-required", "--enable-logging=stderr", "--v=0", url);
        Process process = new ProcessBuilder(network.command(chromium)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        ChromiumPublisher publisher = new ChromiumPublisher(process);
        publisher.readLog(dir.resolve("chromium.log"));
        return publisher;
    }

    /** Waits until the page reported {@code event} ({@code joined}, {@code webrtcup}, ...); fails on an error. */
    public void await(String event, Duration timeout) {
        Waits.until(timeout, () -> {
            String error = events.stream().filter(e -> e.startsWith("error")).findFirst().orElse(null);
            if (error != null) {
                throw new IllegalStateException("the Chromium publisher failed: " + error);
            }
            return events.stream().anyMatch(e -> e.equals(event) || e.startsWith(event + " "));
        }, "the Chromium publisher's '" + event + "' (so far: " + events + ")");
    }

    public List<String> events() {
        return List.copyOf(events);
    }

    private void readLog(Path log) throws IOException {
        PrintWriter copy = new PrintWriter(Files.newBufferedWriter(log), true);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    copy.println(line);
                    int mark = line.indexOf(CONSOLE_MARK);
                    if (mark >= 0) {
                        int end = line.indexOf('"', mark + CONSOLE_MARK.length());
                        events.add(line.substring(mark + CONSOLE_MARK.length(), end < 0 ? line.length() : end));
                    }
                }
            } catch (IOException e) {
                // Chromium went away; its log says why.
            } finally {
                copy.close();
            }
        }, "chromium-log");
        reader.setDaemon(true);
        reader.start();
    }

    private static void ffmpeg(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("ffmpeg", "-loglevel", "error", "-y"));
        command.addAll(List.of(arguments));
        Process ffmpeg = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (ffmpeg.waitFor() != 0) {
            throw new IOException("ffmpeg could not make the fake media: " + output);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}

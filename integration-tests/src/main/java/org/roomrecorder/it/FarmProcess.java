package org.roomrecorder.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The {@link PublisherFarm} as a child JVM in the test network; its events go to a listener. */
public final class FarmProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final OutputStream commands;
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private FarmProcess(Process process) {
        this.process = process;
        this.commands = process.getOutputStream();
    }

    public static FarmProcess start(TestNetwork network, Path log, Consumer<JsonNode> events) throws IOException {
        return start(network, log, events, 30);
    }

    /** A farm whose publishers send {@code frameRate} frames per second. */
    public static FarmProcess start(TestNetwork network, Path log, Consumer<JsonNode> events, int frameRate)
            throws IOException {
        return start(network, log, events, frameRate, 640, 360);
    }

    /** A farm whose publishers send {@code width} x {@code height} video at {@code frameRate} frames per second. */
    public static FarmProcess start(TestNetwork network, Path log, Consumer<JsonNode> events, int frameRate, int width,
            int height) throws IOException {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Drr.farm.fps=" + frameRate, "-Drr.farm.width=" + width, "-Drr.farm.height=" + height,
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                PublisherFarm.class.getName()));
        Process process = new ProcessBuilder(network.command(WithoutRealTime.command(java))).redirectError(log.toFile()).start();
        FarmProcess farm = new FarmProcess(process);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    JsonNode event = JSON.readTree(line);
                    if ("error".equals(event.path("type").asText())) {
                        farm.errors.add(line);
                    }
                    events.accept(event);
                }
            } catch (IOException e) {
                farm.errors.add("farm output: " + e);
            }
        }, "farm-events");
        reader.setDaemon(true);
        reader.start();
        return farm;
    }

    /** Publishes a synthetic stream with its own tone and colour (BT.601 Y, U, V). */
    public void create(String id, double tone, int[] yuv) {
        send(JSON.createObjectNode().put("op", "create").put("id", id).put("tone", tone).put("y", yuv[0])
                .put("u", yuv[1]).put("v", yuv[2]));
    }

    /** Publishes the beep-and-flash pattern used for A/V sync measurements. */
    public void createBeepFlash(String id) {
        send(JSON.createObjectNode().put("op", "create").put("id", id).put("beepFlash", true));
    }

    /**
     * Publishes like a VDO.Ninja peer: a data channel and the audio first, the video once {@link #addVideoOverChannel}
     * renegotiates over the channel.
     */
    public void createViaChannel(String id, double tone, int[] yuv) {
        send(JSON.createObjectNode().put("op", "create").put("id", id).put("tone", tone).put("y", yuv[0])
                .put("u", yuv[1]).put("v", yuv[2]).put("viaChannel", true));
    }

    public void addVideoOverChannel(String id) {
        send(JSON.createObjectNode().put("op", "renegotiate-channel").put("id", id));
    }

    public void answer(String id, String sdp) {
        send(JSON.createObjectNode().put("op", "answer").put("id", id).put("sdp", sdp));
    }

    public void candidate(String id, String candidate, String sdpMid, Integer sdpMLineIndex) {
        ObjectNode c = JSON.createObjectNode().put("op", "candidate").put("id", id).put("candidate", candidate)
                .put("sdpMid", sdpMid);
        if (sdpMLineIndex != null) {
            c.put("sdpMLineIndex", sdpMLineIndex);
        }
        send(c);
    }

    /** Stops sending media, keeping the connection: the worker should see media stop flowing. */
    public void mute(String id) {
        send(JSON.createObjectNode().put("op", "mute").put("id", id));
    }

    /** Makes a new offer on the existing connection. */
    public void renegotiate(String id) {
        send(JSON.createObjectNode().put("op", "renegotiate").put("id", id));
    }

    /** Closes the publisher's connection and forgets it; {@link #create} may publish the same id again. */
    public void close(String id) {
        send(JSON.createObjectNode().put("op", "close").put("id", id));
    }

    /** The farm JVM's process id (the namespace wrapper execs it), for measuring its CPU. */
    public long pid() {
        return process.pid();
    }

    public List<String> errors() {
        return errors;
    }

    /** A farm that no longer reads its commands is a broken harness, not something a caller could handle. */
    private synchronized void send(ObjectNode command) {
        try {
            commands.write((command.toString() + "\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the publisher farm stopped taking commands", e);
        }
    }

    @Override
    public void close() throws Exception {
        commands.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

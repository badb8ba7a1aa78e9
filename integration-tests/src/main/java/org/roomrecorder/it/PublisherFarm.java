package org.roomrecorder.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Synthetic WebRTC publishers for the end-to-end tests, in a JVM of their own inside the test network. Each
 * publisher sends 640x360 video (unless {@code rr.farm.width} and {@code rr.farm.height} say otherwise) of its own
 * colour (with a small moving box, so the encoder has something to do) and a sine of its own frequency, so a
 * recording shows whose media it holds; in beep-flash mode it instead sends a white frame and a 1 kHz beep for the
 * first 100 ms of every second, for sync measurements. A publisher created with {@code viaChannel} behaves like a
 * VDO.Ninja publisher: it connects with a data channel and its audio, and adds its video later by renegotiating over
 * that channel ({@code renegotiate-channel}).
 *
 * <p>Driven by JSON lines: on stdin {@code create}, {@code answer}, {@code candidate}, {@code mute},
 * {@code renegotiate}, {@code renegotiate-channel}, {@code close}; on stdout {@code offer}, {@code candidate},
 * {@code end-of-candidates}, {@code state}, {@code channel-open}, {@code channel-answer}, {@code channel-pong},
 * {@code error}, each with the publisher's {@code id}.
 */
public final class PublisherFarm {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WIDTH = Integer.getInteger("rr.farm.width", 640);
    private static final int HEIGHT = Integer.getInteger("rr.farm.height", 360);
    /** Frames per second of every publisher; tests with many publishers on two cores ask for fewer. */
    private static final int FPS = Integer.getInteger("rr.farm.fps", 30);

    private final PeerConnectionFactory factory;
    private final Map<String, Publisher> publishers = new ConcurrentHashMap<>();

    private PublisherFarm() {
        // Sending side: the dummy audio module with custom sources; the headless module would race them (JVM abort).
        factory = new PeerConnectionFactory(new AudioDeviceModule(AudioLayer.kDummyAudio));
    }

    public static void main(String[] args) throws Exception {
        PublisherFarm farm = new PublisherFarm();
        ScheduledExecutorService generators = Executors.newScheduledThreadPool(2);
        long[] frame = {0};
        long start = System.nanoTime();
        generators.scheduleAtFixedRate(() -> {
            // Capture times on the ideal schedule, like a camera's: a busy machine delays the push, not the frame's
            // place in time, so the receiver's A/V sync and frame pacing see a steady source.
            long n = frame[0]++;
            farm.pushVideo(n, start + n * 1_000_000_000L / FPS);
        }, 0, 1_000_000 / FPS, TimeUnit.MICROSECONDS);
        long[] chunk = {0};
        generators.scheduleAtFixedRate(() -> farm.pushAudio(chunk[0]++), 0, 10, TimeUnit.MILLISECONDS);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            try {
                farm.command(JSON.readTree(line));
            } catch (Exception e) {
                emit(JSON.createObjectNode().put("type", "error").put("message", e.toString()));
            }
        }
        System.exit(0);
    }

    private void command(JsonNode c) {
        String id = c.path("id").asText();
        switch (c.path("op").asText()) {
            case "create" -> publishers.put(id, new Publisher(id, c.path("tone").asDouble(440), c.path("y").asInt(81),
                    c.path("u").asInt(90), c.path("v").asInt(240), c.path("beepFlash").asBoolean(false),
                    c.path("viaChannel").asBoolean(false)));
            case "answer" -> publishers.get(id).answer(c.path("sdp").asText());
            case "candidate" -> publishers.get(id).connection.addIceCandidate(new RTCIceCandidate(
                    c.path("sdpMid").asText(""), c.path("sdpMLineIndex").asInt(0), c.path("candidate").asText()));
            case "mute" -> publishers.get(id).muted = true;
            case "renegotiate" -> publishers.get(id).offer();
            case "renegotiate-channel" -> publishers.get(id).addVideoOverChannel();
            case "close" -> publishers.remove(id).connection.close();
            default -> throw new IllegalArgumentException("unknown op " + c.path("op").asText());
        }
    }

    private void pushVideo(long n, long captureNanos) {
        for (Publisher p : publishers.values()) {
            if (p.muted) {
                continue;
            }
            try {
                NativeI420Buffer buffer = NativeI420Buffer.allocate(WIDTH, HEIGHT);
                p.fill(buffer, n);
                VideoFrame frame = new VideoFrame(buffer, captureNanos);
                p.video.pushFrame(frame);
                frame.release();
            } catch (Throwable t) {
                emit(JSON.createObjectNode().put("type", "error").put("id", p.id).put("message", t.toString()));
            }
        }
    }

    private void pushAudio(long n) {
        for (Publisher p : publishers.values()) {
            if (!p.muted) {
                try {
                    p.audio.pushAudio(p.pcm(n), 16, 48_000, 1, 480);
                } catch (Throwable t) {
                    emit(JSON.createObjectNode().put("type", "error").put("id", p.id).put("message", t.toString()));
                }
            }
        }
    }

    static synchronized void emit(ObjectNode message) {
        System.out.println(message.toString());
        System.out.flush();
    }

    private final class Publisher {
        final String id;
        final double tone;
        final byte y;
        final byte u;
        final byte v;
        final boolean beepFlash;
        final RTCPeerConnection connection;
        final CustomVideoSource video = new CustomVideoSource();
        final CustomAudioSource audio = new CustomAudioSource();
        final byte[] row = new byte[WIDTH];
        final byte[] pcm = new byte[960];
        final RTCDataChannel channel;
        volatile boolean muted;

        Publisher(String id, double tone, int y, int u, int v, boolean beepFlash, boolean viaChannel) {
            this.id = id;
            this.tone = tone;
            this.y = (byte) y;
            this.u = (byte) u;
            this.v = (byte) v;
            this.beepFlash = beepFlash;
            RTCConfiguration configuration = new RTCConfiguration();
            configuration.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
            configuration.portAllocatorConfig.setDisableTcp(true);
            connection = factory.createPeerConnection(configuration, new PeerConnectionObserver() {
                @Override
                public void onIceCandidate(RTCIceCandidate candidate) {
                    emit(JSON.createObjectNode().put("type", "candidate").put("id", id)
                            .put("candidate", candidate.sdp).put("sdpMid", candidate.sdpMid)
                            .put("sdpMLineIndex", candidate.sdpMLineIndex));
                }

                @Override
                public void onIceGatheringChange(RTCIceGatheringState state) {
                    if (state == RTCIceGatheringState.COMPLETE) {
                        emit(JSON.createObjectNode().put("type", "end-of-candidates").put("id", id));
                    }
                }

                @Override
                public void onConnectionChange(RTCPeerConnectionState state) {
                    emit(JSON.createObjectNode().put("type", "state").put("id", id).put("state", state.name()));
                }
            });
            if (viaChannel) {
                channel = connection.createDataChannel("sendChannel", new RTCDataChannelInit());
                channel.registerObserver(new ChannelObserver());
            } else {
                channel = null;
                connection.addTransceiver(factory.createVideoTrack("video-" + id, video), sendOnly());
            }
            connection.addTransceiver(factory.createAudioTrack("audio-" + id, audio), sendOnly());
            offer();
        }

        private RTCRtpTransceiverInit sendOnly() {
            RTCRtpTransceiverInit send = new RTCRtpTransceiverInit();
            send.direction = RTCRtpTransceiverDirection.SEND_ONLY;
            send.streamIds = List.of("stream-" + id);
            return send;
        }

        /** Adds the video and offers it over the data channel, with a ping to see the viewer answer it too. */
        void addVideoOverChannel() {
            connection.addTransceiver(factory.createVideoTrack("video-" + id, video), sendOnly());
            connection.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
                @Override
                public void onSuccess(RTCSessionDescription offer) {
                    connection.setLocalDescription(offer, new Done(() -> {
                        ObjectNode message = JSON.createObjectNode().put("session", "farm-" + id);
                        message.putObject("description").put("type", "offer").put("sdp", offer.sdp);
                        sendOnChannel(message);
                        sendOnChannel(JSON.createObjectNode().put("ping", 42));
                    }));
                }

                @Override
                public void onFailure(String error) {
                    emit(JSON.createObjectNode().put("type", "error").put("id", id).put("message", error));
                }
            });
        }

        private void sendOnChannel(ObjectNode message) {
            try {
                channel.send(new RTCDataChannelBuffer(
                        ByteBuffer.wrap(message.toString().getBytes(StandardCharsets.UTF_8)), false));
            } catch (Exception e) {
                emit(JSON.createObjectNode().put("type", "error").put("id", id).put("message", e.toString()));
            }
        }

        /** The viewer's side of the channel: its answer (with the session echoed) and its pong. */
        private final class ChannelObserver implements RTCDataChannelObserver {
            @Override
            public void onBufferedAmountChange(long previousAmount) {
            }

            @Override
            public void onStateChange() {
                if (channel.getState() == RTCDataChannelState.OPEN) {
                    emit(JSON.createObjectNode().put("type", "channel-open").put("id", id));
                }
            }

            @Override
            public void onMessage(RTCDataChannelBuffer buffer) {
                try {
                    byte[] bytes = new byte[buffer.data.remaining()];
                    buffer.data.get(bytes);
                    JsonNode message = JSON.readTree(bytes);
                    JsonNode description = message.path("description");
                    if (description.path("type").asText().equals("answer")) {
                        connection.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER,
                                description.path("sdp").asText()), new Done(() -> emit(JSON.createObjectNode()
                                .put("type", "channel-answer").put("id", id)
                                .put("session", message.path("session").asText()))));
                    } else if (message.has("pong")) {
                        emit(JSON.createObjectNode().put("type", "channel-pong").put("id", id)
                                .put("pong", message.path("pong").asInt()));
                    }
                } catch (Throwable t) {
                    emit(JSON.createObjectNode().put("type", "error").put("id", id).put("message", t.toString()));
                }
            }
        }

        void offer() {
            connection.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
                @Override
                public void onSuccess(RTCSessionDescription offer) {
                    connection.setLocalDescription(offer, new Done(() -> emit(JSON.createObjectNode()
                            .put("type", "offer").put("id", id).put("sdp", offer.sdp))));
                }

                @Override
                public void onFailure(String error) {
                    emit(JSON.createObjectNode().put("type", "error").put("id", id).put("message", error));
                }
            });
        }

        void answer(String sdp) {
            connection.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, sdp), new Done(() -> { }));
        }

        /**
         * Solid colour with a moving 64x64 box slightly brighter; or, for sync tests, a dark frame whose centre
         * quarter flashes white. A whole white frame every second would burst the sender's bitrate and queue its
         * video behind its audio, which would measure the sender, not the recorder.
         */
        void fill(NativeI420Buffer buffer, long n) {
            boolean flash = beepFlash && n % FPS < FPS / 10;
            java.util.Arrays.fill(row, beepFlash ? (byte) 16 : y);
            ByteBuffer yPlane = buffer.getDataY();
            for (int r = 0; r < HEIGHT; r++) {
                yPlane.put(r * buffer.getStrideY(), row, 0, WIDTH);
            }
            if (flash) {
                java.util.Arrays.fill(row, (byte) 235);
                for (int r = HEIGHT * 3 / 8; r < HEIGHT * 5 / 8; r++) {
                    yPlane.put(r * buffer.getStrideY() + WIDTH * 3 / 8, row, 0, WIDTH / 4);
                }
            }
            if (!beepFlash) {
                int bx = (int) (n * 4 % (WIDTH - 64));
                int by = (int) (n * 2 % (HEIGHT - 64));
                java.util.Arrays.fill(row, (byte) Math.min(235, (y & 0xff) + 20));
                for (int r = by; r < by + 64; r++) {
                    yPlane.put(r * buffer.getStrideY() + bx, row, 0, 64);
                }
            }
            // Whole rows at a time, and each plane fetched once: a native buffer accessor per pixel made the
            // publishers cost more CPU than the recorder they are there to measure.
            fillPlane(buffer.getDataU(), buffer.getStrideU(), beepFlash ? (byte) 128 : u);
            fillPlane(buffer.getDataV(), buffer.getStrideV(), beepFlash ? (byte) 128 : v);
        }

        private void fillPlane(ByteBuffer plane, int stride, byte value) {
            java.util.Arrays.fill(row, 0, WIDTH / 2, value);
            for (int r = 0; r < HEIGHT / 2; r++) {
                plane.put(r * stride, row, 0, WIDTH / 2);
            }
        }

        /** 10 ms of the publisher's tone, or of the beep pattern (1 kHz for the first 100 ms of each second). */
        byte[] pcm(long chunk) {
            ByteBuffer out = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 480; i++) {
                long sample = chunk * 480 + i;
                double value;
                if (beepFlash) {
                    value = sample % 48_000 < 4_800 ? Math.sin(2 * Math.PI * 1000 * sample / 48_000.0) : 0;
                } else {
                    value = Math.sin(2 * Math.PI * tone * sample / 48_000.0);
                }
                out.putShort((short) (value * 8000));
            }
            return pcm;
        }
    }

    private static final class Done implements SetSessionDescriptionObserver {
        private final Runnable next;

        Done(Runnable next) {
            this.next = next;
        }

        @Override
        public void onSuccess() {
            try {
                next.run();
            } catch (Throwable t) {
                emit(JSON.createObjectNode().put("type", "error").put("message", t.toString()));
            }
        }

        @Override
        public void onFailure(String error) {
            emit(JSON.createObjectNode().put("type", "error").put("message", error));
        }
    }
}

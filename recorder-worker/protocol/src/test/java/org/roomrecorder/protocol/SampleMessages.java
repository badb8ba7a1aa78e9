package org.roomrecorder.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One filled-in instance of every message type, for round-trip tests, the fuzzer's seeds and benchmarks. */
public final class SampleMessages {
    public static final String SDP = """
            v=0\r
            o=- 4611731400430051336 2 IN IP4 127.0.0.1\r
            s=-\r
            t=0 0\r
            a=group:BUNDLE 0 1\r
            m=audio 9 UDP/TLS/RTP/SAVPF 111\r
            c=IN IP4 0.0.0.0\r
            a=rtpmap:111 opus/48000/2\r
            a=mid:0\r
            m=video 9 UDP/TLS/RTP/SAVPF 96\r
            a=rtpmap:96 VP8/90000\r
            a=mid:1\r
            """;
    public static final String CANDIDATE =
            "candidate:842163049 1 udp 1677729535 127.0.0.2 46154 typ host generation 0 ufrag sXHD network-cost 999";

    private SampleMessages() {
    }

    public static List<Message> all() {
        Instant t = Instant.parse("2026-11-23T10:15:30.123456Z");
        return List.of(
                new Hello(1, 2, "room-recorder-plugin 0.1.0"),
                new Welcome(1, "room-recorder-worker 0.1.0", "worker-a", 16),
                new Ping(123456789L),
                new Pong(-5L),
                new ErrorMessage("s-1", ErrorCode.UNKNOWN_SESSION, "no session s-1"),
                new ErrorMessage(null, ErrorCode.MALFORMED_JSON, "malformed JSON at line 1 column 2"),
                new Open("s-1", "room-1234", "4de443e2-5ead-4c6a-944d-2e0ff2a58625", "alice_cam", "Alice ✓", 2, 0,
                        RecordingOptions.defaults(), null),
                new Open("s-2", "room", "ep", "ep", null, 0, 3, new RecordingOptions(true, false,
                        RecordingOptions.Container.WEBM, RecordingOptions.VideoCodec.VP8, 500, 15, 640, 360, 600, 3600,
                        "{conference}/{endpoint}"), new Gap(t, "worker-lost")),
                new Open("s-3", "room", "ep", "ep", null, 1, 0, RecordingOptions.defaults(), null, true),
                new Opened("s-1"),
                new Opened("s-3", 4),
                new Offer("s-1", SDP),
                new Answer("s-1", SDP.replace("SAVPF", "SAVPF ")),
                new Candidate("s-1", CANDIDATE, "0", 0),
                new Candidate("s-1", CANDIDATE, null, 1),
                new Candidate("s-1", CANDIDATE, "video", null),
                new EndOfCandidates("s-1"),
                new Close("s-1", "endpoint-left"),
                new Closed("s-1", "endpoint-left", List.of(
                        new RecordedFile("room-1234/alice-g2-0.mkv", 1_234_567L, t, t.plusSeconds(12)))),
                new Closed("s-2", "worker-failed", List.of()),
                new StateEvent("s-1", StateEvent.State.ICE_CONNECTED, null, t),
                new StateEvent("s-1", StateEvent.State.MEDIA_NOT_FLOWING, "no video for 10 s", t),
                new Stats("s-1", 300, 299, 1, 1000, 5_000_000, 12));
    }

    /** Every concrete message type, found from the sealed hierarchy. */
    public static Set<Class<?>> leafTypes() {
        Set<Class<?>> leaves = new LinkedHashSet<>();
        List<Class<?>> pending = new ArrayList<>(List.of(Message.class));
        while (!pending.isEmpty()) {
            Class<?> type = pending.remove(0);
            if (type.isSealed()) {
                pending.addAll(List.of(type.getPermittedSubclasses()));
            } else {
                leaves.add(type);
            }
        }
        return leaves;
    }
}

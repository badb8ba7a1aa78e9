package org.roomrecorder.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a webrtc-java process the way the systemd unit does: without CAP_SYS_NICE. As root, libwebrtc raises its
 * decoder, encoder and audio threads to real-time priority, and threads and FFmpeg children started from them inherit
 * it; those then starve every other process on the cores, and a benchmark would measure that rather than the recorder
 * (BENCHMARKS.md, capacity). The tests run as root, the service as its own user, which cannot raise priorities.
 */
public final class WithoutRealTime {
    private WithoutRealTime() {
    }

    public static List<String> command(List<String> command) {
        List<String> full = new ArrayList<>(List.of("setpriv", "--inh-caps=-sys_nice", "--bounding-set=-sys_nice"));
        full.addAll(command);
        return full;
    }
}

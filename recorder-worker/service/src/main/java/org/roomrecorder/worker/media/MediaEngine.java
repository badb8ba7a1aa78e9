package org.roomrecorder.worker.media;

import dev.onvoid.webrtc.media.MediaStreamTrack;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.roomrecorder.protocol.RecordingOptions;

/**
 * Records the remote media of one session. The seam where a pass-through engine (encoded frames muxed without
 * decoding) replaces {@link DecodingMediaEngine} once a webrtc-java release on Maven Central exposes encoded
 * frames; sessions, signaling and manifests stay as they are.
 */
public interface MediaEngine {
    /**
     * @param files      the path of segment n, reserved so that no file is ever overwritten
     * @param logPrefix  the session's log context
     */
    SessionMedia open(RecordingOptions options, int firstSegment, IntFunction<Path> files, Recorder.Listener listener,
            String logPrefix);

    /** One session's recording. */
    interface SessionMedia {
        /** A remote track appeared; the engine records it if the options ask for its kind. */
        void attach(MediaStreamTrack track);

        /** Packets are arriving (from statistics) even if no frame showed it yet. */
        void mediaArrived();

        /** Detaches from the tracks and finishes every file; completes when they are final. */
        CompletableFuture<Void> stop(String reason);

        void kill();

        Recorder recorder();
    }
}

package org.roomrecorder.worker.webrtc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards for calls into webrtc-java. A Java exception that escapes a webrtc-java callback aborts the JVM, and
 * teardown throws {@link Error}s ("Native object was not deleted") on 0.14.0, so both go through here.
 */
final class WebRtc {
    private static final Logger log = LoggerFactory.getLogger(WebRtc.class);

    private WebRtc() {
    }

    /** Runs a callback body; nothing it throws may reach native code. */
    static void guarded(String logPrefix, String what, Runnable body) {
        try {
            body.run();
        } catch (Throwable t) {
            log.error("{}{} failed", logPrefix, what, t);
        }
    }

    /** Runs a teardown step, tolerating webrtc-java's errors about native references. */
    static void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (Throwable t) {
            log.debug("could not {}: {}", what, t.toString());
        }
    }
}

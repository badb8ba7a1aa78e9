package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** Periodic counters of one session since it opened. Absent counters read as zero. */
@JsonTypeName("stats")
public record Stats(
        String session,
        long videoFramesIn,
        long videoFramesOut,
        long videoFramesDropped,
        long audioFramesIn,
        long bytesWritten,
        long encoderLagMillis) implements ToPlugin {
    public Stats {
        Check.id(session, "session");
        Check.nonNegative(videoFramesIn, "videoFramesIn");
        Check.nonNegative(videoFramesOut, "videoFramesOut");
        Check.nonNegative(videoFramesDropped, "videoFramesDropped");
        Check.nonNegative(audioFramesIn, "audioFramesIn");
        Check.nonNegative(bytesWritten, "bytesWritten");
        Check.nonNegative(encoderLagMillis, "encoderLagMillis");
    }

    @Override
    public void accept(Handler handler) {
        handler.stats(this);
    }
}

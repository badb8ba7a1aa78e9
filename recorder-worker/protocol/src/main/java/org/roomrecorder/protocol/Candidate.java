package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * One trickled ICE candidate, in either direction: the host's remote candidates to the worker, the worker's local
 * candidates to the plugin. At least one of {@code sdpMid} and {@code sdpMLineIndex} names the media section.
 */
@JsonTypeName("candidate")
public record Candidate(String session, String candidate, String sdpMid, Integer sdpMLineIndex)
        implements ToWorker, ToPlugin {
    public Candidate {
        Check.id(session, "session");
        Check.length(Check.present(candidate, "candidate"), "candidate", Limits.MAX_CANDIDATE_CHARS);
        Check.optionalId(sdpMid, "sdpMid");
        if (sdpMid == null && sdpMLineIndex == null) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, "sdpMid and sdpMLineIndex are both missing");
        }
        if (sdpMLineIndex != null) {
            Check.range(sdpMLineIndex, "sdpMLineIndex", 0, 1023);
        }
    }

    @Override
    public void accept(ToWorker.Handler handler) {
        handler.candidate(this);
    }

    @Override
    public void accept(ToPlugin.Handler handler) {
        handler.candidate(this);
    }
}

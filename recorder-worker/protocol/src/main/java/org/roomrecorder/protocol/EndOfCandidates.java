package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** The sender has no more candidates for the session, until the next offer. */
@JsonTypeName("end-of-candidates")
public record EndOfCandidates(String session) implements ToWorker, ToPlugin {
    public EndOfCandidates {
        Check.id(session, "session");
    }

    @Override
    public void accept(ToWorker.Handler handler) {
        handler.endOfCandidates(this);
    }

    @Override
    public void accept(ToPlugin.Handler handler) {
        handler.endOfCandidates(this);
    }
}

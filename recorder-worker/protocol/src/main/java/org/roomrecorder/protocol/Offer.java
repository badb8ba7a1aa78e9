package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** The host's SDP offer for the session: the first one and every renegotiation. */
@JsonTypeName("offer")
public record Offer(String session, String sdp) implements ToWorker {
    public Offer {
        Check.id(session, "session");
        Check.sdp(sdp, "sdp");
    }

    @Override
    public void accept(Handler handler) {
        handler.offer(this);
    }
}

package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** The worker's SDP answer to the latest {@link Offer} of the session. */
@JsonTypeName("answer")
public record Answer(String session, String sdp) implements ToPlugin {
    public Answer {
        Check.id(session, "session");
        Check.sdp(sdp, "sdp");
    }

    @Override
    public void accept(Handler handler) {
        handler.answer(this);
    }
}

package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** Heartbeat, sent by either side; the other answers with a {@link Pong} carrying the same nonce. */
@JsonTypeName("ping")
public record Ping(Long nonce) implements Control {
    public Ping {
        Check.present(nonce, "nonce");
    }

    @Override
    public void accept(Handler handler) {
        handler.ping(this);
    }
}

package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** Answer to a {@link Ping}. */
@JsonTypeName("pong")
public record Pong(Long nonce) implements Control {
    public Pong {
        Check.present(nonce, "nonce");
    }

    @Override
    public void accept(Handler handler) {
        handler.pong(this);
    }
}

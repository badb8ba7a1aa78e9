package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** The worker accepted {@link Open} and waits for the offer. */
@JsonTypeName("opened")
public record Opened(String session) implements ToPlugin {
    public Opened {
        Check.id(session, "session");
    }

    @Override
    public void accept(Handler handler) {
        handler.opened(this);
    }
}

package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * The worker accepted {@link Open} and waits for the offer.
 *
 * @param generation the generation the session records as: the open's, or a higher one when the open started a new
 *                   generation whose number the conference already held; absent from older workers
 */
@JsonTypeName("opened")
public record Opened(String session, Integer generation) implements ToPlugin {
    public Opened {
        Check.id(session, "session");
        if (generation != null) {
            Check.range(generation, "generation", 0, Integer.MAX_VALUE);
        }
    }

    /** An opened that says nothing of the generation, as older workers send it. */
    public Opened(String session) {
        this(session, null);
    }

    @Override
    public void accept(Handler handler) {
        handler.opened(this);
    }
}

package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** The worker's reply to {@link Hello}: the version both will speak, and how many sessions it can hold. */
@JsonTypeName("welcome")
public record Welcome(Integer version, String software, String workerId, Integer capacity) implements Control {
    public Welcome {
        Check.range(version, "version", 1, Integer.MAX_VALUE);
        Check.id(software, "software");
        Check.id(workerId, "workerId");
        Check.range(capacity, "capacity", 0, Integer.MAX_VALUE);
    }

    @Override
    public void accept(Handler handler) {
        handler.welcome(this);
    }
}

package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** First frame of every connection, from the plugin: the protocol versions it speaks. */
@JsonTypeName("hello")
public record Hello(Integer minVersion, Integer maxVersion, String software) implements Control {
    public Hello {
        Check.range(minVersion, "minVersion", 1, Integer.MAX_VALUE);
        Check.range(maxVersion, "maxVersion", minVersion, Integer.MAX_VALUE);
        Check.id(software, "software");
    }

    @Override
    public void accept(Handler handler) {
        handler.hello(this);
    }
}

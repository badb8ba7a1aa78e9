package org.roomrecorder.plugin.core;

import static java.util.Objects.requireNonNull;

/** What is remembered of a finished session, so that its late messages are told apart from unknown ones. */
record RetiredRoute(EndpointKey endpoint, String session, int generation) {
    RetiredRoute {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(session, "session is null");
    }
}

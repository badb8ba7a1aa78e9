package org.roomrecorder.protocol;

import java.time.Instant;

/**
 * Tells the worker that a session continues an earlier one of the same endpoint and generation that ended
 * abnormally (its worker died, the host restarted): the manifest records a gap from {@code since} to this
 * session's first frame, with the reason.
 */
public record Gap(Instant since, String reason) {
    public Gap {
        Check.present(since, "gap.since");
        Check.text(Check.present(reason, "gap.reason"), "gap.reason");
    }
}

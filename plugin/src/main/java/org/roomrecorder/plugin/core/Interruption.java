package org.roomrecorder.plugin.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A recording cut off when the host lost its server: where it would continue (the same generation, the first segment
 * number its lost session cannot have reached) and since when nothing was recorded.
 */
record Interruption(int generation, int nextSegment, Instant lostAt) {
    Interruption {
        requireNonNull(lostAt, "lostAt is null");
    }
}

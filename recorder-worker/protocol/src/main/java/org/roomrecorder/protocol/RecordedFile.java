package org.roomrecorder.protocol;

import java.time.Instant;

/**
 * One file a session wrote.
 *
 * @param path path relative to the worker's output directory
 */
public record RecordedFile(String path, Long bytes, Instant startedAt, Instant endedAt) {
    public RecordedFile {
        Check.length(Check.present(path, "files.path"), "files.path", Limits.MAX_TEXT_CHARS);
        Check.nonNegative(Check.present(bytes, "files.bytes"), "files.bytes");
        Check.present(startedAt, "files.startedAt");
        Check.present(endedAt, "files.endedAt");
    }
}

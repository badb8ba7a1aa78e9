package org.roomrecorder.worker.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.worker.naming.FileNames;

/**
 * Where one session's files go: the conference's directory under the output directory, names from the
 * template. Each name is reserved by creating the file, so no recording ever overwrites another, even one a
 * crashed worker left behind: a taken name gets a {@code ~2}, {@code ~3} … suffix.
 */
final class SessionFiles {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss");

    private final Path outputDirectory;
    private final Path conferenceDirectory;
    private final Open open;
    private final String extension;

    SessionFiles(Path outputDirectory, Open open, String extension) {
        this.outputDirectory = outputDirectory.toAbsolutePath().normalize();
        this.conferenceDirectory = this.outputDirectory.resolve(FileNames.part(open.conference()));
        this.open = open;
        this.extension = extension;
    }

    String extension() {
        return extension;
    }

    Path conferenceDirectory() {
        return conferenceDirectory;
    }

    /** The path relative to the output directory, as the plugin and admins see it. */
    String relative(Path file) {
        return outputDirectory.relativize(file).toString();
    }

    /** Checks the template before anything is recorded, so a bad one fails the open, not a segment. */
    void validateTemplate() {
        FileNames.resolve(conferenceDirectory, open.options().fileNameTemplate(), values(0), extension);
    }

    /** Reserves the file of segment {@code index}. */
    Path reserve(int index) {
        Path wanted = FileNames.resolve(conferenceDirectory, open.options().fileNameTemplate(), values(index), extension);
        try {
            Files.createDirectories(wanted.getParent());
            String stem = wanted.getFileName().toString();
            stem = stem.substring(0, stem.length() - extension.length() - 1);
            for (int attempt = 1; ; attempt++) {
                Path candidate = attempt == 1 ? wanted : wanted.resolveSibling(stem + "~" + attempt + "." + extension);
                try {
                    return Files.createFile(candidate);
                } catch (FileAlreadyExistsException taken) {
                    // Try the next suffix.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file under " + conferenceDirectory, e);
        }
    }

    private Map<String, String> values(int segment) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        return Map.of(
                "conference", open.conference(),
                "endpoint", open.endpoint(),
                "streamId", open.streamId(),
                "displayName", open.displayName() == null ? "" : open.displayName(),
                "generation", String.valueOf(open.generation()),
                "segment", String.valueOf(segment),
                "session", open.session(),
                "date", DATE.format(now),
                "time", TIME.format(now));
    }
}

package org.roomrecorder.worker.media;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * Cuts a Matroska (or WebM) file that FFmpeg could not finish back to its last whole element, so that it ends
 * cleanly. FFmpeg writes each cluster whole, with its size, into a segment of unknown size; a full disk stops it
 * part way through one, and players and ffprobe then report the file as ended prematurely. Without that cluster
 * the file is whole: it loses at most the last second (the cluster length), and the cut frees space.
 */
final class MatroskaTail {
    private static final long EBML_HEADER = 0x1A45DFA3L;
    private static final long SEGMENT = 0x18538067L;

    private MatroskaTail() {
    }

    /** Returns the bytes cut off: 0 if the file already ends on a whole element or is not laid out as expected. */
    static long cutUnfinishedElement(Path file) throws IOException {
        try (RandomAccessFile data = new RandomAccessFile(file.toFile(), "rw")) {
            long length = data.length();
            Element header = Element.at(data, 0);
            if (header == null || header.id != EBML_HEADER || header.end() > length) {
                return 0;
            }
            Element segment = Element.at(data, header.end());
            if (segment == null || segment.id != SEGMENT) {
                return 0;
            }
            long end = segment.sizeUnknown() ? length : Math.min(segment.end(), length);
            for (long at = segment.dataStart(); at < end; ) {
                Element child = Element.at(data, at);
                if (child == null || child.sizeUnknown()) {
                    return 0;
                }
                if (child.end() > length) {
                    data.setLength(at);
                    return length - at;
                }
                at = child.end();
            }
            return 0;
        }
    }

    /** An EBML element's header: its id, where its data starts and how long the data is (-1: unknown). */
    private record Element(long id, long dataStart, long size) {
        boolean sizeUnknown() {
            return size < 0;
        }

        long end() {
            return dataStart + size;
        }

        /** The element whose header starts at {@code at}, or null if there is no well-formed header there. */
        static Element at(RandomAccessFile data, long at) throws IOException {
            if (at + 2 > data.length()) {
                return null;
            }
            data.seek(at);
            int first = data.read();
            int idLength = Integer.numberOfLeadingZeros(first) - 23;
            if (first <= 0 || idLength > 4) {
                return null;
            }
            long id = first;
            for (int i = 1; i < idLength; i++) {
                id = id << 8 | data.read();
            }
            int sizeFirst = data.read();
            int sizeLength = Integer.numberOfLeadingZeros(sizeFirst) - 23;
            if (sizeFirst <= 0 || at + idLength + sizeLength > data.length()) {
                return null;
            }
            long size = sizeFirst & (0xFF >> sizeLength);
            boolean allOnes = size == 0xFF >> sizeLength;
            for (int i = 1; i < sizeLength; i++) {
                int b = data.read();
                size = size << 8 | b;
                allOnes &= b == 0xFF;
            }
            return new Element(id, at + idLength + sizeLength, allOnes ? -1 : size);
        }
    }
}

package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * Opens recording session {@code session} for one endpoint of one conference. The plugin sends it after it has
 * registered the session's route and before it subscribes, so every later offer and candidate finds its session.
 * A re-join of the same endpoint is a new session with a higher {@code generation}, recorded as a new segment.
 *
 * @param streamId     the host's name for the stream (VDO.Ninja stream id; the endpoint id where the host has none)
 * @param displayName  optional; remote-controlled, so the worker sanitizes it before it reaches a file name
 * @param firstSegment the number of this session's first file segment: 0, or where an interrupted session of the
 *                     same endpoint and generation stopped, so that segments number on and no file is overwritten
 * @param gap          set when this session continues an interrupted one
 * @param newGeneration true when this session starts {@code generation} rather than continuing it: the worker
 *                     then numbers it past every generation of the endpoint that the conference already holds (a
 *                     restarted plugin numbers from 0 again) and says which in {@link Opened#generation}. Absent
 *                     (older plugins): the worker records {@code generation} as given
 */
@JsonTypeName("open")
public record Open(
        String session,
        String conference,
        String endpoint,
        String streamId,
        String displayName,
        Integer generation,
        Integer firstSegment,
        RecordingOptions options,
        Gap gap,
        Boolean newGeneration) implements ToWorker {
    public Open {
        Check.id(session, "session");
        Check.id(conference, "conference");
        Check.id(endpoint, "endpoint");
        Check.id(streamId, "streamId");
        Check.optionalId(displayName, "displayName");
        Check.range(generation, "generation", 0, Integer.MAX_VALUE);
        Check.range(firstSegment, "firstSegment", 0, Integer.MAX_VALUE);
        Check.present(options, "options");
    }

    /** An open that leaves the numbering of its generation to the plugin. */
    public Open(String session, String conference, String endpoint, String streamId, String displayName,
            Integer generation, Integer firstSegment, RecordingOptions options, Gap gap) {
        this(session, conference, endpoint, streamId, displayName, generation, firstSegment, options, gap, null);
    }

    /** Whether the worker may number this session's generation (see {@code newGeneration}). */
    public boolean startsGeneration() {
        return Boolean.TRUE.equals(newGeneration);
    }

    /** The same open, recorded as generation {@code recordedAs}. */
    public Open withGeneration(int recordedAs) {
        return new Open(session, conference, endpoint, streamId, displayName, recordedAs, firstSegment, options, gap,
                newGeneration);
    }

    @Override
    public void accept(Handler handler) {
        handler.open(this);
    }
}
